import { tmpdir } from "node:os";
import { basename, resolve } from "node:path";
import {
  countOf,
  InvalidParams,
  type Modifier,
  type Params,
  type ProgressCallback,
  zodProblems,
} from "@iqf/core";
import { DsWrapper, listFiles, modifyDataset, readManifest } from "@iqf/datasets";
import { openTrackingStore, resolveTrackingUri, type TrackingStore } from "@iqf/tracking";
import { z } from "zod";
import { assertValidGrid, type ParamGrid } from "../grid.js";
import type { ArgValue } from "../py-str.js";
import type { EchoTarget } from "../task/line-echo.js";
import type { TaskExecution } from "../task/task-execution.js";
import { checkModifiersFit } from "./check-modifiers.js";
import { chainName, type GridCell, planGrid, readPriorState } from "./plan.js";
import {
  type BuiltDataset,
  type BuiltDatasets,
  type RunResult,
  recordUnbuiltCell,
  runCell,
} from "./run-cell.js";
import { createWorkDir, releaseWorkDir } from "./work-dir.js";
import { runPool } from "./worker-pool.js";

/** A dataset given as a path or an opened `DsWrapper`. */
export type DatasetSource = string | DsWrapper;

/** One modifier, or a chain applied innermost first (`[jpg, blur]` = blur of the JPEG copy). */
export type ModifierChain = Modifier | readonly Modifier[];

/** Options of {@link ExperimentSetup}. */
export interface ExperimentSetupOptions {
  /** Experiment name in the tracking store (created if missing). */
  readonly experimentName: string;
  /** What runs for every cell. */
  readonly task: TaskExecution;
  /** Reference train dataset. */
  readonly refDswTrain: DatasetSource;
  /** Optional validation dataset, modified alongside the train set. */
  readonly refDswVal?: DatasetSource;
  /** Optional test dataset, modified alongside the train set. */
  readonly refDswTest?: DatasetSource;
  /** Modifiers (or chains); one group of runs per entry. */
  readonly modifiers: readonly ModifierChain[];
  /** Hyperparameter grid: every combination of the listed values is run. */
  readonly extraTrainParams?: Readonly<Record<string, readonly ArgValue[]>>;
  /** Runs per (modifier × combination); default 1. */
  readonly repetitions?: number;
  /** Runs executed at once; default 1. */
  readonly concurrency?: number;
  /** Environment per worker: a list indexed by worker, or a function of the worker index (e.g. `CUDA_VISIBLE_DEVICES`). */
  readonly workerEnv?:
    | readonly Readonly<Record<string, string>>[]
    | ((worker: number) => Record<string, string>);
  /** Pass `--mlfuri --mlfexpid --mlfrunid` (and `MLFLOW_*` variables) so the task can log live. */
  readonly mlflowMonitoring?: boolean;
  /** Tracking store or URI; `MLFLOW_TRACKING_URI`, else `./mlruns`, when absent. */
  readonly tracking?: TrackingStore | string;
  /** Fail runs whose task writes no `results.json` (default true). */
  readonly requireResults?: boolean;
  /** Folder for per-run scratch folders; the system temp folder by default. */
  readonly workDir?: string;
  /** Keep each run's output folder after logging it (default false). */
  readonly keepOutputs?: boolean;
  /** Where task output is echoed live; the process's stdout/stderr by default, `false` for silence. */
  readonly echo?: EchoTarget | false;
  /** Aborting stops running tasks (their runs become KILLED) and starts no more. */
  readonly signal?: AbortSignal;
  /**
   * Aborting kills running tasks at once (SIGKILL to their process groups, inside the abort
   * call), e.g. on a second Ctrl-C right before the process exits.
   */
  readonly killSignal?: AbortSignal;
  /** Called after every cell (run or skipped). */
  readonly onProgress?: ProgressCallback;
  /** Called with each cell's result as soon as it is known. */
  readonly onRunEnd?: (result: RunResult) => void;
  /** Called when a modified dataset is being built. */
  readonly onDatasetBuild?: (event: { modifier: string; role: "train" | "val" | "test" }) => void;
  /**
   * The experiment file these options come from: a modifier param that cannot work for a
   * reference dataset is then reported as an `InvalidFile` naming it and the field.
   */
  readonly definedIn?: string;
}

/** What {@link ExperimentSetup.execute} did. */
export interface ExperimentSummary {
  /** Experiment name. */
  readonly experimentName: string;
  /** Experiment id in the store. */
  readonly experimentId: string;
  /** Tracking URI (without credentials). */
  readonly trackingUri: string;
  /** Cells in the grid. */
  readonly total: number;
  /** Cells run to FINISHED now. */
  readonly finished: number;
  /** Cells whose run FAILED now. */
  readonly failed: number;
  /** Cells whose run was KILLED by an interruption. */
  readonly killed: number;
  /** Cells skipped (finished earlier or running elsewhere). */
  readonly skipped: number;
  /** Cells never started because the execution was interrupted. */
  readonly notStarted: number;
  /** Runs left RUNNING by a dead process, marked KILLED at start. */
  readonly reconciled: number;
  /** Whether the execution was interrupted. */
  readonly interrupted: boolean;
  /** One result per cell that was run or skipped, in completion order. */
  readonly results: readonly RunResult[];
  /** Wall-clock duration, ms. */
  readonly durationMs: number;
}

const scalarOptionsSchema = z.object({
  experimentName: z.string().trim().min(1, "give the experiment a name"),
  repetitions: z.number().int().min(1, "must be at least 1").optional(),
  concurrency: z.number().int().min(1, "must be at least 1").optional(),
  mlflowMonitoring: z.boolean().optional(),
  requireResults: z.boolean().optional(),
  keepOutputs: z.boolean().optional(),
  workDir: z.string().min(1).optional(),
  definedIn: z.string().min(1).optional(),
});

function chainOf(entry: ModifierChain): readonly Modifier[] {
  return Array.isArray(entry) ? (entry as readonly Modifier[]) : [entry as Modifier];
}

function sourcePath(source: DatasetSource): string {
  return typeof source === "string" ? resolve(source) : resolve(source.layout.root);
}

function validateOptions(options: ExperimentSetupOptions): void {
  const parsed = scalarOptionsSchema.safeParse(options);
  const problems = parsed.success ? [] : zodProblems(parsed.error.issues);
  if (typeof options.task?.run !== "function")
    problems.push("task: give a TaskExecution, e.g. new ScriptTaskExecution(...)");
  if (!Array.isArray(options.modifiers) || options.modifiers.length === 0) {
    problems.push("modifiers: give at least one modifier (or chain)");
  } else {
    options.modifiers.forEach((entry, index) => {
      const chain = chainOf(entry);
      if (chain.length === 0 || chain.some((modifier) => typeof modifier?.modifyImage !== "function")) {
        problems.push(`modifiers[${index}]: must be a Modifier or a non-empty list of Modifiers`);
      }
    });
  }
  if (problems.length > 0) throw new InvalidParams("ExperimentSetup", problems);
  assertValidGrid(options.extraTrainParams ?? {});
  const roots = [options.refDswTrain, options.refDswVal, options.refDswTest]
    .filter((source): source is DatasetSource => source !== undefined)
    .map(sourcePath);
  if (new Set(roots).size !== roots.length) {
    throw new InvalidParams("ExperimentSetup", [
      "refDswVal/refDswTest: must be different folders from refDswTrain and from each other",
    ]);
  }
  const names = roots.map((root) => basename(root));
  const parents = roots.map((root) => resolve(root, ".."));
  for (let i = 0; i < roots.length; i++) {
    for (let j = i + 1; j < roots.length; j++) {
      if (names[i] === names[j] && parents[i] === parents[j]) {
        throw new InvalidParams("ExperimentSetup", [
          `datasets ${roots[i]} and ${roots[j]} would share modified folders`,
        ]);
      }
    }
  }
}

function workerEnvironment(options: ExperimentSetupOptions, worker: number): Record<string, string> {
  const { workerEnv } = options;
  if (workerEnv === undefined) return {};
  if (typeof workerEnv === "function") return workerEnv(worker);
  return { ...(workerEnv[worker % Math.max(1, workerEnv.length)] ?? {}) };
}

async function openSource(source: DatasetSource): Promise<DsWrapper> {
  return typeof source === "string" ? DsWrapper.open(source) : source;
}

/**
 * iquaflow's `ExperimentSetup`: builds each modified dataset once, then runs the task for every
 * (modifier × hyperparameter combination × repetition), tracking each run. Every run is tagged
 * with its grid coordinates, so executing again resumes: finished cells are skipped, failed,
 * killed and missing ones run again, and nothing is duplicated.
 */
export class ExperimentSetup {
  /** The options as given. */
  readonly options: ExperimentSetupOptions;

  /** @param options - the experiment; validated at once (bad input throws `InvalidParams`). */
  constructor(options: ExperimentSetupOptions) {
    validateOptions(options);
    this.options = options;
  }

  /** Number of cells in the grid (modifiers × combinations × repetitions). */
  get size(): number {
    const combinations = Object.values(this.options.extraTrainParams ?? {}).reduce(
      (product, values) => product * values.length,
      1,
    );
    return this.options.modifiers.length * combinations * (this.options.repetitions ?? 1);
  }

  /**
   * Runs the grid (resuming an earlier execution) and resolves with a summary. Task failures
   * do not throw: they are counted in the summary and recorded on their runs. A modifier param
   * that cannot work for a reference dataset (`Modifier.checkDataset`) throws before anything
   * is created, in the store or on disk.
   */
  async execute(): Promise<ExperimentSummary> {
    const started = performance.now();
    const options = this.options;
    await options.task.check();
    const [train, val, test] = await Promise.all([
      openSource(options.refDswTrain),
      options.refDswVal === undefined ? undefined : openSource(options.refDswVal),
      options.refDswTest === undefined ? undefined : openSource(options.refDswTest),
    ]);
    await checkModifiersFit(
      options.modifiers,
      [train, val, test].filter((dataset): dataset is DsWrapper => dataset !== undefined),
      options.definedIn,
    );
    const store =
      typeof options.tracking === "object"
        ? options.tracking
        : openTrackingStore(resolveTrackingUri(options.tracking));
    const experiment = await store.getOrCreateExperiment(options.experimentName);
    const chains = options.modifiers.map(chainOf);
    const cells = planGrid(
      {
        train: train.layout.name,
        ...(val ? { val: val.layout.name } : {}),
        ...(test ? { test: test.layout.name } : {}),
      },
      chains,
      (options.extraTrainParams ?? {}) as ParamGrid,
      options.repetitions ?? 1,
    );
    const prior = await readPriorState(store, experiment.experimentId);
    const results: RunResult[] = [];
    const report = (result: RunResult): void => {
      results.push(result);
      options.onRunEnd?.(result);
      options.onProgress?.({
        done: results.length,
        total: cells.length,
        item: result.runName,
        label: result.status,
      });
    };
    const pending: GridCell[] = [];
    for (const cell of cells) {
      const done = prior.finished.get(cell.id) ?? prior.runningElsewhere.get(cell.id);
      if (done) {
        report({
          cell,
          runId: done.info.runId,
          runName: done.info.runName,
          status: "SKIPPED",
          detail: done.info.status === "FINISHED" ? "finished earlier" : "running in another process",
          totalMs: 0,
        });
      } else pending.push(cell);
    }

    const builds = new Map<number, Promise<BuiltDatasets>>();
    const buildFor = (cell: GridCell): Promise<BuiltDatasets> => {
      let build = builds.get(cell.modifierIndex);
      if (!build) {
        build = buildDatasets(cell.chain, { train, val, test }, options);
        builds.set(cell.modifierIndex, build);
      }
      return build;
    };
    const workDir = await createWorkDir(options.workDir ?? tmpdir());
    const concurrency = options.concurrency ?? 1;
    const echo =
      options.echo === false
        ? undefined
        : (options.echo ?? { stdout: process.stdout, stderr: process.stderr });
    const aborted = (): boolean => options.signal?.aborted === true;
    try {
      await runPool(
        pending,
        concurrency,
        async (cell, worker) => {
          let datasets: BuiltDatasets;
          try {
            const build = buildFor(cell);
            datasets = await build;
            // A modified copy changed since it was built (a task wrote into it) is rebuilt first.
            if (await changedSinceBuilt(datasets)) {
              if (builds.get(cell.modifierIndex) === build) builds.delete(cell.modifierIndex);
              datasets = await buildFor(cell);
            }
          } catch (error) {
            const context = { store, experimentId: experiment.experimentId };
            const runName = `${cell.dataset}#${cell.modifier}`;
            report(await recordUnbuiltCell(cell, context, runName, (error as Error).message, aborted()));
            return;
          }
          if (aborted()) return;
          const result = await runCell(cell, {
            store,
            experimentId: experiment.experimentId,
            experimentName: options.experimentName,
            task: options.task,
            datasets,
            workDir,
            keepOutputs: options.keepOutputs ?? false,
            requireResults: options.requireResults ?? true,
            mlflowMonitoring: options.mlflowMonitoring ?? false,
            env: workerEnvironment(options, worker),
            ...(echo ? { echo } : {}),
            prefixLines: concurrency > 1,
            ...(options.signal ? { signal: options.signal } : {}),
            ...(options.killSignal ? { killSignal: options.killSignal } : {}),
          });
          // The task wrote into its input: later cells of this chain get a rebuilt copy.
          if (result.modifiedInputs !== undefined) builds.delete(cell.modifierIndex);
          report(result);
        },
        aborted,
      );
    } finally {
      await releaseWorkDir(workDir, options.keepOutputs === true);
    }
    const count = (status: RunResult["status"]): number => results.filter((r) => r.status === status).length;
    return {
      experimentName: options.experimentName,
      experimentId: experiment.experimentId,
      trackingUri: store.uri,
      total: cells.length,
      finished: count("FINISHED"),
      failed: count("FAILED"),
      killed: count("KILLED"),
      skipped: count("SKIPPED"),
      notStarted: cells.length - results.length,
      reconciled: prior.reconciled.length,
      interrupted: aborted(),
      results,
      durationMs: performance.now() - started,
    };
  }
}

interface References {
  readonly train: DsWrapper;
  readonly val: DsWrapper | undefined;
  readonly test: DsWrapper | undefined;
}

async function buildOne(
  source: DsWrapper,
  chain: readonly Modifier[],
  role: "train" | "val" | "test",
  options: ExperimentSetupOptions,
): Promise<BuiltDataset> {
  const modifier = chainName(chain);
  options.onDatasetBuild?.({ modifier, role });
  const result = await modifyDataset(source, chain, options.signal ? { signal: options.signal } : {});
  if (result.failed.length > 0) {
    const first = result.failed[0]!;
    throw new Error(
      `${countOf(result.failed.length, "image")} of ${source.layout.root} could not be modified with ${modifier} (first: ${first.file}: ${first.error})`,
    );
  }
  const name = basename(result.output);
  const params: Params = {
    ds_name: name,
    modifier,
    ...withoutKeys(result.dataset.layout.params, ["ds_name", "modifier"]),
  };
  return { path: resolve(result.output), name, params };
}

/** Whether a built dataset's files differ from the listing its manifest recorded when iqf built it. */
async function changedSinceBuilt(datasets: BuiltDatasets): Promise<boolean> {
  for (const dataset of [datasets.train, datasets.val, datasets.test]) {
    if (dataset === undefined) continue;
    const built = (await readManifest(dataset.path))?.files;
    if (built !== undefined && built !== (await listFiles(dataset.path)).digest) return true;
  }
  return false;
}

function withoutKeys(params: Params, keys: readonly string[]): Params {
  return Object.fromEntries(Object.entries(params).filter(([key]) => !keys.includes(key)));
}

async function buildDatasets(
  chain: readonly Modifier[],
  references: References,
  options: ExperimentSetupOptions,
): Promise<BuiltDatasets> {
  const train = await buildOne(references.train, chain, "train", options);
  const test = references.test ? await buildOne(references.test, chain, "test", options) : undefined;
  const val = references.val ? await buildOne(references.val, chain, "val", options) : undefined;
  return { train, ...(val ? { val } : {}), ...(test ? { test } : {}) };
}
