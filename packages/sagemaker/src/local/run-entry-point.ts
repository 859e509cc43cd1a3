import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { type EchoTarget, runProcessGroup } from "@iqf/experiments";
import { entryPointArgs } from "../job/hyperparameters.js";
import { environmentWithoutAws, type TrainingEnvironmentSpec, trainingEnvironment } from "./environment.js";
import { type JobFolder, localPath } from "./job-folder.js";

/** How a job run on this machine ended, in SageMaker's terms. */
export interface LocalJobResult {
  /** `TrainingJobStatus`. */
  readonly status: "Completed" | "Failed" | "Stopped";
  /** `SecondaryStatus`: `MaxRuntimeExceeded` when the runtime limit stopped it. */
  readonly secondaryStatus: "Completed" | "Failed" | "Stopped" | "MaxRuntimeExceeded";
  /** `FailureReason` of a failed job. */
  readonly failureReason?: string;
  /** Exit code of the entry point, when it exited. */
  readonly exitCode?: number;
  /** Wall-clock time, ms. */
  readonly durationMs: number;
}

/** Options of {@link runEntryPoint}. */
export interface RunEntryPointOptions extends TrainingEnvironmentSpec {
  /** Folder holding the code (the entry point is relative to it; it is the working directory). */
  readonly codeDir: string;
  /** Interpreter for `.py` entry points (default `python3`). */
  readonly python?: string;
  /** The job's `Environment` variables. */
  readonly environment?: Readonly<Record<string, string>>;
  /** File receiving the entry point's stdout. */
  readonly stdoutFile: string;
  /** File receiving its stderr. */
  readonly stderrFile: string;
  /** Live echo of its output. */
  readonly echo?: EchoTarget;
  /** Put before every echoed line. */
  readonly linePrefix?: string;
  /** Aborting stops the job (status `Stopped`). */
  readonly signal?: AbortSignal;
  /** Stop after this many milliseconds (`MaxRuntimeExceeded`). */
  readonly timeoutMs?: number;
  /** Seconds between SIGTERM and SIGKILL when stopping (default 3; SageMaker gives 120). */
  readonly killGraceSeconds?: number;
}

/** The command of an entry point, as framework containers run it. */
export function entryPointCommand(codeDir: string, entryPoint: string, python = "python3"): string[] {
  if (entryPoint.endsWith(".py")) return [python, entryPoint];
  if (entryPoint.endsWith(".sh")) return ["/bin/sh", entryPoint];
  return [resolve(codeDir, entryPoint)];
}

/** The last `count` non-empty lines of a text file (none when it cannot be read). */
export async function fileTail(path: string, count: number): Promise<string[]> {
  const text = await readFile(path, "utf8").catch(() => "");
  return text
    .split("\n")
    .map((line) => line.trimEnd())
    .filter((line) => line !== "")
    .slice(-count);
}

async function failureFile(folder: JobFolder): Promise<string | undefined> {
  const path = resolve(folder.outputDir, "failure");
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  const text = (await readFile(path, "utf8")).trim();
  return text === "" ? undefined : text.slice(0, 1024);
}

/**
 * Runs a training entry point with the SageMaker training-container contract on this machine:
 * `SM_*` environment pointing into `folder`, hyperparameters as `--key value` arguments
 * (container paths `/opt/ml/…` mapped into `folder`), the code folder as working directory,
 * no AWS credentials in its environment, in its own process group. A failing script gives
 * `Failed` with a `FailureReason` like SageMaker's (the `output/failure` file when the script
 * wrote one, else the exit code and the last lines of stderr).
 */
export async function runEntryPoint(
  folder: JobFolder,
  options: RunEntryPointOptions,
): Promise<LocalJobResult> {
  const [file, ...fixed] = entryPointCommand(options.codeDir, options.entryPoint, options.python);
  const args = [...fixed, ...entryPointArgs(options.hyperparameters, (value) => localPath(folder, value))];
  const outcome = await runProcessGroup(file!, args, {
    cwd: options.codeDir,
    env: { ...environmentWithoutAws(), ...options.environment, ...trainingEnvironment(folder, options) },
    inheritEnv: false,
    killGraceMs: (options.killGraceSeconds ?? 3) * 1000,
    stdoutFile: options.stdoutFile,
    stderrFile: options.stderrFile,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.echo ? { echo: options.echo } : {}),
    ...(options.linePrefix !== undefined ? { linePrefix: options.linePrefix } : {}),
  });
  const base = {
    durationMs: outcome.durationMs,
    ...(outcome.exitCode !== undefined ? { exitCode: outcome.exitCode } : {}),
  };
  if (outcome.interrupted) return { ...base, status: "Stopped", secondaryStatus: "Stopped" };
  if (outcome.timedOut) return { ...base, status: "Stopped", secondaryStatus: "MaxRuntimeExceeded" };
  if (outcome.exitCode === 0) return { ...base, status: "Completed", secondaryStatus: "Completed" };
  const written = await failureFile(folder);
  const command = [file, ...args].join(" ");
  const reason =
    written ??
    (outcome.spawnError !== undefined
      ? `ClientError: the entry point could not be started: ${outcome.spawnError}`
      : `AlgorithmError: ExecuteUserScriptError:\nExitCode ${outcome.exitCode ?? outcome.signal}\nErrorMessage "${(await fileTail(options.stderrFile, 5)).join("\n")}"\nCommand "${command}", exit code: ${outcome.exitCode ?? outcome.signal}`);
  return { ...base, status: "Failed", secondaryStatus: "Failed", failureReason: reason };
}
