import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TaskRunOutcome, TaskRunRequest } from "@iqf/experiments";
import type { ResolvedSageMakerOptions } from "../config/resolve.js";
import { runChannels, runHyperparameters } from "../job/run-hyperparameters.js";
import { createJobFolder } from "../local/job-folder.js";
import { fileTail, runEntryPoint } from "../local/run-entry-point.js";

/**
 * One run in local mode: a temporary `/opt/ml`-shaped folder with private copies of the
 * datasets as channels, the entry point run with the `SM_*` environment from the code folder,
 * then what it wrote to `SM_OUTPUT_DATA_DIR` copied into the run's output folder (and a
 * non-empty `SM_MODEL_DIR` as `model/`), as a real job's `output.tar.gz` would be.
 */
export async function runLocal(
  request: TaskRunRequest,
  options: ResolvedSageMakerOptions,
  jobName: string,
): Promise<Omit<TaskRunOutcome, "durationMs">> {
  const root = await mkdtemp(join(tmpdir(), "iqf-sm-local-"));
  const stdoutPath = join(request.logDir, "stdout.txt");
  const stderrPath = join(request.logDir, "stderr.txt");
  try {
    const hyperparameters = runHyperparameters(request.args, {
      entryPoint: options.entryPoint,
      submitDirectory: options.sourceDir,
    });
    const channels = Object.entries(runChannels(request.args));
    const folder = await createJobFolder(root, {
      hyperparameters,
      channels: channels.map(([name]) => name),
      instanceType: "local",
    });
    await Promise.all(
      channels.map(([name, source]) =>
        cp(source, folder.channelDirs[name]!, { recursive: true, verbatimSymlinks: true }),
      ),
    );
    const result = await runEntryPoint(folder, {
      codeDir: options.sourceDir,
      entryPoint: options.entryPoint,
      python: options.python,
      hyperparameters,
      moduleDir: options.sourceDir,
      jobName,
      instanceType: "local",
      environment: options.environment,
      stdoutFile: stdoutPath,
      stderrFile: stderrPath,
      ...(request.echo ? { echo: request.echo } : {}),
      ...(request.linePrefix !== undefined ? { linePrefix: request.linePrefix } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
      timeoutMs: options.maxRuntimeSeconds * 1000,
    });
    const tags = { "iqf.sagemaker.job": jobName, "iqf.sagemaker.instance_type": "local" };
    const base = { stdoutPath, stderrPath, tags, timedOut: false, interrupted: false };
    if (result.status === "Completed") {
      await cp(folder.outputDataDir, request.args.outputpath, { recursive: true, verbatimSymlinks: true });
      if ((await readdir(folder.modelDir)).length > 0) {
        await cp(folder.modelDir, join(request.args.outputpath, "model"), {
          recursive: true,
          verbatimSymlinks: true,
        });
      }
      return { ...base, exitCode: 0 };
    }
    if (result.secondaryStatus === "MaxRuntimeExceeded") return { ...base, timedOut: true };
    if (result.status === "Stopped") return { ...base, interrupted: true };
    const tail = await fileTail(stdoutPath, 10);
    const detail = `${result.failureReason}${tail.length > 0 ? `\n--- last log lines ---\n${tail.join("\n")}` : ""}`;
    return {
      ...base,
      ...(result.exitCode !== undefined ? { exitCode: result.exitCode } : {}),
      failure: { reason: "job-failed", detail },
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
