import { mkdir, rm } from "node:fs/promises";
import { isAbsolute, join, relative, resolve } from "node:path";
import type { Params } from "@iqf/core";
import { type FileListing, listFiles, listingChanges } from "@iqf/datasets";
import {
  type KeyValue,
  type RunStatus,
  redactUri,
  type SkippedArtifact,
  type TrackingStore,
} from "@iqf/tracking";
import { isEmptyFolder, readResults, resultsFileName } from "../collect.js";
import { formatArgValue } from "../py-str.js";
import { RunTags } from "../tags.js";
import type { EchoTarget } from "../task/line-echo.js";
import type { TaskExecution, TaskRunOutcome } from "../task/task-execution.js";
import { claimCell } from "./claim.js";
import { currentOwner } from "./owner.js";
import type { GridCell } from "./plan.js";

/** A modified dataset ready for runs. */
export interface BuiltDataset {
  /** Absolute root folder. */
  readonly path: string;
  /** Folder name, e.g. `ds_coco_dataset#jpg10_modifier`. */
  readonly name: string;
  /** Dataset params to log (`ds_name`, `modifier`, the modifier's own params). */
  readonly params: Params;
}

/** The modified train / validation / test datasets of one modifier chain. */
export interface BuiltDatasets {
  /** Modified train dataset. */
  readonly train: BuiltDataset;
  /** Modified validation dataset, when configured. */
  readonly val?: BuiltDataset;
  /** Modified test dataset, when configured. */
  readonly test?: BuiltDataset;
}

/** Final state of one grid cell in an execution. */
export type CellStatus = "FINISHED" | "FAILED" | "KILLED" | "SKIPPED";

/** What happened to one grid cell. */
export interface RunResult {
  /** The cell. */
  readonly cell: GridCell;
  /** The tracking run (absent when no run was created, e.g. the dataset could not be built). */
  readonly runId?: string;
  /** Run name: the modified train dataset's folder name. */
  readonly runName: string;
  /** Final status; `SKIPPED` when an earlier execution already finished the cell. */
  readonly status: CellStatus;
  /** Why the run did not finish (see `RunTags.failure`). */
  readonly failure?: string;
  /** Human-readable detail of the failure or skip. */
  readonly detail?: string;
  /** Wall-clock time of the task process, ms. */
  readonly taskMs?: number;
  /** Wall-clock time of the whole cell (run bookkeeping included), ms. */
  readonly totalMs: number;
  /** The run's output folder, when `keepOutputs` kept it. */
  readonly outputDir?: string;
  /** Output entries that were not logged, one per line with the reason (also the `iqf.skipped_outputs` tag). */
  readonly skippedOutputs?: string;
  /** What the task changed in the datasets it was given, one line per file (also the `iqf.input_modified` tag). */
  readonly inputModified?: string;
  /** The datasets the task wrote into (their modified copies must be rebuilt before reuse). */
  readonly modifiedInputs?: readonly string[];
}

/** Everything {@link runCell} needs besides the cell. */
export interface CellContext {
  /** Tracking store. */
  readonly store: TrackingStore;
  /** Experiment id. */
  readonly experimentId: string;
  /** Experiment name. */
  readonly experimentName: string;
  /** The task. */
  readonly task: TaskExecution;
  /** The cell's datasets. */
  readonly datasets: BuiltDatasets;
  /** Folder under which per-run scratch folders are made. */
  readonly workDir: string;
  /** Keep output folders after their artifacts are logged. */
  readonly keepOutputs: boolean;
  /** Fail a run whose task wrote no `results.json`. */
  readonly requireResults: boolean;
  /** Pass tracking coordinates to the task. */
  readonly mlflowMonitoring: boolean;
  /** Environment of this worker. */
  readonly env: Readonly<Record<string, string>>;
  /** Live echo of task output. */
  readonly echo?: EchoTarget;
  /** Prefix task output lines (parallel runs). */
  readonly prefixLines: boolean;
  /** Aborted on Ctrl-C. */
  readonly signal?: AbortSignal;
  /** Aborted on a second Ctrl-C: tasks are killed at once. */
  readonly killSignal?: AbortSignal;
}

/** The store's URI as a task running in another folder can use it: local paths made absolute. */
function taskTrackingUri(uri: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) return uri;
  if (/^file:/i.test(uri)) return `file:${resolve(uri.slice("file:".length))}`;
  return isAbsolute(uri) ? uri : resolve(uri);
}

function datasetParams(dataset: BuiltDataset | undefined, suffix: string): KeyValue[] {
  if (!dataset) return [];
  return Object.entries(dataset.params).map(([key, value]) => ({
    key: key + suffix,
    value: formatArgValue(value),
  }));
}

function cellTags(cell: GridCell, datasets: BuiltDatasets | undefined): Record<string, string> {
  const tags: Record<string, string> = {
    [RunTags.cell]: cell.id,
    [RunTags.repetition]: String(cell.repetition),
    [RunTags.modifier]: cell.modifier,
    [RunTags.referenceDataset]: cell.dataset,
    [RunTags.owner]: currentOwner(),
  };
  if (datasets) tags[RunTags.trainDataset] = datasets.train.path;
  if (datasets?.val) tags[RunTags.valDataset] = datasets.val.path;
  if (datasets?.test) tags[RunTags.testDataset] = datasets.test.path;
  for (const [name, value] of Object.entries(cell.params)) {
    tags[RunTags.hyperparameterPrefix + name] = formatArgValue(value);
  }
  return tags;
}

function logTaskRecords(store: TrackingStore, runId: string, outcome: TaskRunOutcome): Promise<void> {
  const entries = (record: Readonly<Record<string, string>> | undefined): KeyValue[] =>
    Object.entries(record ?? {}).map(([key, value]) => ({ key, value }));
  return store.logBatch(runId, { params: entries(outcome.params), tags: entries(outcome.tags) });
}

interface Verdict {
  readonly status: RunStatus & CellStatus;
  readonly failure?: string;
  readonly detail?: string;
}

function processVerdict(outcome: TaskRunOutcome, timeoutNote: string): Verdict | undefined {
  if (outcome.interrupted) return { status: "KILLED", failure: "interrupted", detail: "stopped by Ctrl-C" };
  if (outcome.timedOut) return { status: "FAILED", failure: "timeout", detail: timeoutNote };
  if (outcome.failure !== undefined) {
    return { status: "FAILED", failure: outcome.failure.reason, detail: outcome.failure.detail };
  }
  if (outcome.spawnError !== undefined) {
    return { status: "FAILED", failure: "spawn-error", detail: outcome.spawnError };
  }
  if (outcome.signal !== undefined) {
    return { status: "FAILED", failure: "signal", detail: `the task was ended by ${outcome.signal}` };
  }
  if (outcome.exitCode !== 0) {
    return {
      status: "FAILED",
      failure: "exit-code",
      detail: `the task exited with code ${outcome.exitCode}; see logs/stderr.txt`,
    };
  }
  return undefined;
}

/** Longest note written into a tag (MLflow's limit for tag values is 5000 characters). */
const maxNoteLength = 4000;

async function collectVerdict(
  context: CellContext,
  runId: string,
  outputDir: string,
  wroteNothing: boolean,
): Promise<Verdict> {
  if (wroteNothing) {
    return {
      status: "FAILED",
      failure: "no-output",
      detail: `the task wrote nothing into --outputpath; write ${resultsFileName} (and any other outputs) there`,
    };
  }
  let results: Awaited<ReturnType<typeof readResults>>;
  try {
    results = await readResults(outputDir);
  } catch (error) {
    return { status: "FAILED", failure: "bad-results", detail: (error as Error).message };
  }
  if (!results) {
    if (context.requireResults) {
      return {
        status: "FAILED",
        failure: "no-results",
        detail: `the task wrote no ${resultsFileName} into --outputpath; write its metrics there as a JSON object`,
      };
    }
    return { status: "FINISHED" };
  }
  try {
    const dropped =
      results.dropped.length === 0
        ? []
        : [{ key: RunTags.resultsDropped, value: results.dropped.join("\n").slice(0, maxNoteLength) }];
    await context.store.logBatch(runId, { metrics: results.metrics, params: results.params, tags: dropped });
  } catch (error) {
    return { status: "FAILED", failure: "bad-results", detail: (error as Error).message };
  }
  return { status: "FINISHED" };
}

/** Lines joined into a tag value, cut at the tag length limit with the number of lines. */
function noteOf(lines: readonly string[]): string {
  const text = lines.join("\n");
  return text.length <= maxNoteLength ? text : `${text.slice(0, maxNoteLength)}\n… (${lines.length} entries)`;
}

/** One line per output entry that was not logged: its path inside the output folder and why. */
function describeSkipped(skipped: readonly SkippedArtifact[], outputDir: string): string {
  return noteOf(skipped.map(({ path, reason }) => `${relative(outputDir, path)}: ${reason}`));
}

/**
 * Records a cell whose datasets could not be built as a run of its own (FAILED with
 * `iqf.failure = dataset-error`, or KILLED when interrupted), so that every attempted cell is in
 * the store. Never throws: when the store fails too, the result says so without a run id.
 */
export async function recordUnbuiltCell(
  cell: GridCell,
  context: Pick<CellContext, "store" | "experimentId">,
  runName: string,
  detail: string,
  interrupted: boolean,
): Promise<RunResult> {
  const status = interrupted ? "KILLED" : "FAILED";
  const base = { cell, runName, status, failure: "dataset-error", detail, totalMs: 0 } as const;
  try {
    const run = await context.store.createRun({
      experimentId: context.experimentId,
      runName,
      tags: {
        ...cellTags(cell, undefined),
        [RunTags.failure]: "dataset-error",
        [RunTags.failureDetail]: detail.slice(0, maxNoteLength),
      },
    });
    await context.store.logBatch(run.info.runId, {
      params: Object.entries(cell.params).map(([key, value]) => ({ key, value: formatArgValue(value) })),
    });
    await context.store.updateRun(run.info.runId, { status, endTime: Date.now() });
    return { ...base, runId: run.info.runId };
  } catch (error) {
    return { ...base, detail: `${detail}; the run could not be recorded: ${(error as Error).message}` };
  }
}

/**
 * Executes one grid cell: claims it by creating its tracking run (tagged with the cell's
 * coordinates; see `claimCell` — a cell held by another process is SKIPPED), logs
 * the dataset params and hyperparameters, runs the task in a fresh output folder, collects
 * `results.json` and the output files, saves stdout/stderr as `logs/` artifacts and closes the
 * run as FINISHED, FAILED (with the reason tag) or KILLED. Only regular files of the output
 * folder are logged; other entries (FIFOs, sockets, links leaving the folder) are listed in the
 * `iqf.skipped_outputs` tag and never fail the run. Never throws for a failing task.
 */
export async function runCell(cell: GridCell, context: CellContext): Promise<RunResult> {
  const started = performance.now();
  const { store, datasets } = context;
  const runName = datasets.train.name;
  const claim = await claimCell(store, {
    experimentId: context.experimentId,
    runName,
    tags: cellTags(cell, datasets),
  });
  if ("heldBy" in claim) {
    const other = claim.heldBy.info;
    return {
      cell,
      runId: other.runId,
      runName: other.runName,
      status: "SKIPPED",
      detail: other.status === "FINISHED" ? "finished by another process" : "running in another process",
      totalMs: performance.now() - started,
    };
  }
  const runId = claim.run.info.runId;
  const scratch = join(context.workDir, runId);
  const outputDir = join(scratch, "output");
  const logDir = join(scratch, "logs");
  let verdict: Verdict;
  let outcome: TaskRunOutcome | undefined;
  let skippedNote: string | undefined;
  const inputs = [datasets.train, datasets.val, datasets.test].flatMap((dataset) =>
    dataset ? [dataset.path] : [],
  );
  let inputsBefore: FileListing[] = [];
  let inputChanges: string[] = [];
  try {
    inputsBefore = await Promise.all(inputs.map((path) => listFiles(path)));
    await Promise.all([
      mkdir(outputDir, { recursive: true }).then(() => mkdir(logDir)),
      store.logBatch(runId, {
        params: [
          ...datasetParams(datasets.train, ""),
          ...datasetParams(datasets.val, "_val"),
          ...datasetParams(datasets.test, "_test"),
          ...Object.entries(cell.params).map(([key, value]) => ({ key, value: formatArgValue(value) })),
        ],
      }),
    ]);
    const env: Record<string, string> = { ...context.env };
    const trackingUri = taskTrackingUri(store.uri);
    if (context.mlflowMonitoring) {
      // Credentials stay in the environment (inherited MLFLOW_TRACKING_* variables), never in argv.
      env.MLFLOW_RUN_ID = runId;
      env.MLFLOW_EXPERIMENT_ID = context.experimentId;
      const inherited = process.env.MLFLOW_TRACKING_URI;
      env.MLFLOW_TRACKING_URI ??=
        inherited !== undefined && redactUri(inherited) === store.uri ? inherited : trackingUri;
    }
    outcome = await context.task.run({
      experimentName: context.experimentName,
      cellId: cell.id,
      runId,
      args: {
        trainds: datasets.train.path,
        outputpath: outputDir,
        ...(datasets.val ? { valds: datasets.val.path } : {}),
        ...(datasets.test ? { testds: datasets.test.path } : {}),
        params: cell.params,
        ...(context.mlflowMonitoring
          ? { monitoring: { uri: trackingUri, experimentId: context.experimentId, runId } }
          : {}),
      },
      logDir,
      env,
      ...(context.signal ? { signal: context.signal } : {}),
      ...(context.killSignal ? { killSignal: context.killSignal } : {}),
      ...(context.echo ? { echo: context.echo } : {}),
      ...(context.prefixLines ? { linePrefix: `[${runName} ${cell.id.slice(0, 6)}] ` } : {}),
    });
    inputChanges = await changesTo(inputs, inputsBefore);
    const wroteNothing = await isEmptyFolder(outputDir);
    const processProblem = processVerdict(outcome, "the task ran longer than its timeout and was stopped");
    // Results, output artifacts and logs go to the store concurrently.
    const [collected, logged] = await Promise.all([
      processProblem ?? collectVerdict(context, runId, outputDir, wroteNothing),
      processProblem?.status !== "KILLED" && !wroteNothing ? store.logArtifact(runId, outputDir) : undefined,
      store.logArtifact(runId, logDir, "logs"),
      outcome.params || outcome.tags ? logTaskRecords(store, runId, outcome) : undefined,
    ]);
    verdict = collected;
    if (logged && logged.skipped.length > 0) skippedNote = describeSkipped(logged.skipped, outputDir);
  } catch (error) {
    verdict = { status: "FAILED", failure: "error", detail: (error as Error).message };
  }
  const tags = [
    ...(verdict.failure !== undefined ? [{ key: RunTags.failure, value: verdict.failure }] : []),
    ...(verdict.detail !== undefined ? [{ key: RunTags.failureDetail, value: verdict.detail }] : []),
    ...(outcome?.exitCode !== undefined ? [{ key: RunTags.exitCode, value: String(outcome.exitCode) }] : []),
    ...(outcome?.signal !== undefined ? [{ key: RunTags.signal, value: outcome.signal }] : []),
    ...(outcome ? [{ key: RunTags.durationMs, value: outcome.durationMs.toFixed(0) }] : []),
    ...(skippedNote !== undefined ? [{ key: RunTags.skippedOutputs, value: skippedNote }] : []),
    ...(inputChanges.length > 0 ? [{ key: RunTags.inputModified, value: noteOf(inputChanges) }] : []),
  ];
  const close = async (): Promise<Verdict> => {
    try {
      await store.logBatch(runId, { tags });
      await store.updateRun(runId, { status: verdict.status, endTime: Date.now() });
      return verdict;
    } catch (error) {
      // The run stays RUNNING in the store; the next execution reconciles it and runs the cell again.
      return {
        status: "FAILED",
        failure: "error",
        detail: `could not close the run: ${(error as Error).message}`,
      };
    }
  };
  [verdict] = await Promise.all([
    close(),
    context.keepOutputs ? undefined : rm(scratch, { recursive: true, force: true }),
  ]);
  return {
    cell,
    runId,
    runName,
    status: verdict.status,
    ...(verdict.failure !== undefined ? { failure: verdict.failure } : {}),
    ...(verdict.detail !== undefined ? { detail: verdict.detail } : {}),
    ...(outcome ? { taskMs: outcome.durationMs } : {}),
    totalMs: performance.now() - started,
    ...(context.keepOutputs ? { outputDir } : {}),
    ...(skippedNote !== undefined ? { skippedOutputs: skippedNote } : {}),
    ...(inputChanges.length > 0
      ? {
          inputModified: noteOf(inputChanges),
          modifiedInputs: inputs.filter((path) => inputChanges.some((line) => line.startsWith(`${path}: `))),
        }
      : {}),
  };
}

/** What changed in each input folder since `before` was listed, one line per file: `<folder>: added <file>`. */
async function changesTo(inputs: readonly string[], before: readonly FileListing[]): Promise<string[]> {
  const after = await Promise.all(inputs.map((path) => listFiles(path)));
  return inputs.flatMap((path, index) =>
    listingChanges(before[index]!, after[index]!).map((change) => `${path}: ${change}`),
  );
}
