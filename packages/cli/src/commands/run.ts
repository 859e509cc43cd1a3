import { countOf, IqfError } from "@iqf/core";
import type { ExperimentSummary, RunResult, TaskKind } from "@iqf/experiments";
import type { Command } from "commander";
import { ProgressBar } from "../progress-bar.js";
import { exitNowBySignal } from "../signals.js";
import { openCliTrackingStore } from "../tracking-store.js";
import { applyMetrics } from "./apply-metrics.js";
import { addPluginOption, cliPluginSpecs, type PluginOptions } from "./plugin-options.js";

interface RunCommandOptions extends PluginOptions {
  readonly trackingUri?: string;
  readonly quiet?: boolean;
}

function describeParams(result: RunResult): string {
  const params = Object.entries(result.cell.params).map(([name, value]) => `${name}=${String(value)}`);
  return [...params, `rep=${result.cell.repetition}`].join(" ");
}

function progressLine(result: RunResult, done: number, total: number): string {
  const width = String(total).length;
  const seconds = result.taskMs === undefined ? "" : ` ${(result.totalMs / 1000).toFixed(1)}s`;
  const reason = result.failure === undefined ? "" : ` — ${result.failure}: ${result.detail ?? ""}`;
  const skipped = result.status === "SKIPPED" ? ` (${result.detail})` : "";
  return `[${String(done).padStart(width)}/${total}] ${result.status.padEnd(8)} ${result.runName} ${describeParams(result)}${seconds}${reason}${skipped}`;
}

function summaryLine(summary: ExperimentSummary): string {
  const parts = [
    `${summary.finished} finished`,
    `${summary.failed} failed`,
    `${summary.skipped} skipped`,
    ...(summary.killed > 0 ? [`${summary.killed} killed`] : []),
    ...(summary.notStarted > 0 ? [`${summary.notStarted} not started`] : []),
    ...(summary.reconciled > 0 ? [`${summary.reconciled} left running by a dead process marked KILLED`] : []),
  ];
  return `${summary.experimentName}: ${countOf(summary.total, "run")} — ${parts.join(", ")} in ${(summary.durationMs / 1000).toFixed(1)}s (tracking: ${summary.trackingUri})`;
}

/**
 * The task kinds experiment files may select: `sagemaker` (`@iqf/sagemaker`, loaded only
 * when a file uses it), with upload progress drawn on the terminal.
 */
function taskKinds(bar: ProgressBar): TaskKind[] {
  return [
    {
      key: "sagemaker",
      fileKeys: ["cloud"],
      async create(input) {
        const { sageMakerTaskKind } = await import("@iqf/sagemaker");
        return sageMakerTaskKind({
          onUploadProgress: (event) => {
            bar.update({ ...event, label: `upload ${event.label ?? ""} (bytes)` });
            if (event.done >= event.total) bar.clear();
          },
        }).create(input);
      },
    },
  ];
}

/**
 * Registers `iqf run <file> [--plugin spec]…`: runs the experiment described by a YAML or JSON
 * file, resuming an earlier execution, then applies the file's `metrics:` to every finished run.
 * Plugins come from `IQF_PLUGINS` and `--plugin` (resolved from the current folder) and the
 * file's `plugins:` (resolved from its folder); one that cannot be loaded stops before any work.
 * Prints one line per run and a summary; exits 1 when a run (or a metric on a run) failed,
 * 130 when interrupted (Ctrl-C stops the running tasks and marks their runs KILLED). A second
 * SIGINT/SIGTERM kills the tasks and ends the process at once by that signal.
 */
export function registerRun(program: Command): void {
  addPluginOption(
    program
      .command("run")
      .description(
        "run an experiment file (YAML or JSON): modified datasets × params × repetitions, resumable",
      )
      .argument("<file>", "experiment file (.yaml, .yml or .json)")
      .option("--tracking-uri <uri>", "tracking store (default: MLFLOW_TRACKING_URI, else ./mlruns)")
      .option("-q, --quiet", "do not echo the tasks' output (it is still saved as run artifacts)"),
  ).action(async (file: string, options: RunCommandOptions) => {
    const { ExperimentInfo, experimentSetupFromFile, loadExperimentFile } = await import("@iqf/experiments");
    const bar = new ProgressBar(process.stderr);
    const experiment = await loadExperimentFile(file, {
      taskKinds: taskKinds(bar),
      plugins: cliPluginSpecs(options),
    });
    const tracking = await openCliTrackingStore(options.trackingUri ?? experiment.trackingUri);
    const controller = new AbortController();
    const killer = new AbortController();
    const onSignal = (signal: NodeJS.Signals): void => {
      if (controller.signal.aborted) {
        // Second signal: kill the tasks' process groups now and end, whatever is still blocked.
        killer.abort();
        process.stderr.write(`\niqf: ${signal} received again — tasks killed, exiting now\n`);
        exitNowBySignal(signal);
        return;
      }
      process.stderr.write(`\niqf: ${signal} received — stopping running tasks (again to exit at once)\n`);
      controller.abort();
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    let done = 0;
    try {
      const setup = experimentSetupFromFile(experiment, {
        tracking,
        signal: controller.signal,
        killSignal: killer.signal,
        ...(options.quiet ? { echo: false as const } : {}),
        onDatasetBuild: ({ modifier, role }) =>
          process.stdout.write(`building ${role} dataset for ${modifier}\n`),
        onRunEnd: (result) => {
          done += 1;
          process.stdout.write(`${progressLine(result, done, setup.size)}\n`);
          if (result.skippedOutputs !== undefined) {
            const lines = result.skippedOutputs.split("\n").map((line) => `  not logged: ${line}`);
            process.stdout.write(`${lines.join("\n")}\n`);
          }
          if (result.inputModified !== undefined) {
            const lines = result.inputModified
              .split("\n")
              .map((line) => `  task wrote into its input: ${line}`);
            process.stderr.write(
              `iqf: warning: ${result.runName}: the task changed a dataset it was given (inputs are read-only to tasks); a modified copy is rebuilt before the next run uses it\n${lines.join("\n")}\n`,
            );
          }
        },
      });
      const summary = await setup.execute();
      process.stdout.write(`${summaryLine(summary)}\n`);
      if (!summary.interrupted && experiment.metricInstances.length > 0)
        await applyMetrics(
          await ExperimentInfo.open(experiment.name, { tracking }),
          experiment.metricInstances,
        );
      if (summary.interrupted) process.exitCode = 130;
      else if (summary.failed > 0) process.exitCode = 1;
    } catch (error) {
      if (error instanceof IqfError) throw error;
      throw new IqfError("RUN_FAILED", `${file}: ${(error as Error).message}`, { cause: error });
    } finally {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  });
}
