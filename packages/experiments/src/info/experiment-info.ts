import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ImageFailure, Metric, MetricValues, ProgressCallback } from "@iqf/core";
import {
  type Experiment,
  openTrackingStore,
  type RunStatus,
  resolveTrackingUri,
  type TrackingStore,
} from "@iqf/tracking";
import { ExperimentNotFound } from "../errors.js";
import { runPool } from "../setup/worker-pool.js";
import { RunTags } from "../tags.js";
import { buildTable, type TableOptions } from "./build-table.js";
import { type RobustnessOptions, type RobustnessSummary, robustnessSummary } from "./robustness.js";
import { type RunEntry, toRunEntry } from "./run-entry.js";
import type { RunTable } from "./run-table.js";

/** Options of {@link ExperimentInfo.open}. */
export interface ExperimentInfoOptions {
  /** Tracking store or URI; `MLFLOW_TRACKING_URI`, else `./mlruns`, when absent. */
  readonly tracking?: TrackingStore | string;
}

/** Options of {@link ExperimentInfo.applyMetricPerRun}. */
export interface ApplyMetricOptions {
  /** Runs of these statuses are measured (default: FINISHED only). */
  readonly statuses?: readonly RunStatus[];
  /** Runs measured at once (default 1; metrics usually parallelise internally). */
  readonly concurrency?: number;
  /** Called after each run. */
  readonly onProgress?: ProgressCallback;
  /** Aborting stops before the next run. */
  readonly signal?: AbortSignal;
}

/** The outcome of a metric on one run. */
export interface MetricRunResult {
  /** Run id. */
  readonly runId: string;
  /** Run name. */
  readonly name: string;
  /** The values logged, when the metric succeeded. */
  readonly values?: MetricValues;
  /** Why the metric failed on this run. */
  readonly error?: string;
  /** Images the metric could not measure on this run (the values leave them out). */
  readonly failedImages?: readonly ImageFailure[];
}

/** Longest tag value written for a run's failed images (MLflow limits tag values). */
const MAX_TAG_LENGTH = 5000;

function failedImagesTag(failures: readonly ImageFailure[]): string {
  const text = failures.map(({ file, error }) => `${file}: ${error}`).join("\n");
  return text.length <= MAX_TAG_LENGTH ? text : `${text.slice(0, MAX_TAG_LENGTH - 1)}…`;
}

const predictionsFileName = "output.json";

function localArtifactRoot(artifactUri: string): string | undefined {
  if (artifactUri.startsWith("file:")) return fileURLToPath(artifactUri);
  return isAbsolute(artifactUri) ? artifactUri : undefined;
}

/**
 * iquaflow's `ExperimentInfo`: every run of an experiment (all pages), keyed by run id and
 * ordered by start time, with run tables and metrics applied after the fact.
 */
export class ExperimentInfo {
  private entries: RunEntry[];

  private constructor(
    /** The tracking store read from. */
    readonly store: TrackingStore,
    /** The experiment. */
    readonly experiment: Experiment,
    entries: RunEntry[],
  ) {
    this.entries = entries;
  }

  /** Opens an experiment by name and reads its runs; throws `ExperimentNotFound` when there is none. */
  static async open(name: string, options: ExperimentInfoOptions = {}): Promise<ExperimentInfo> {
    const store =
      typeof options.tracking === "object"
        ? options.tracking
        : openTrackingStore(resolveTrackingUri(options.tracking));
    const experiment = await store.getExperimentByName(name);
    if (experiment?.lifecycleStage !== "active") throw new ExperimentNotFound(name, store.uri);
    const info = new ExperimentInfo(store, experiment, []);
    await info.refresh();
    return info;
  }

  /** The runs, oldest first (start time, then run id). */
  get runs(): readonly RunEntry[] {
    return this.entries;
  }

  /** The run with that id, if it belongs to the experiment. */
  getRun(runId: string): RunEntry | undefined {
    return this.entries.find((entry) => entry.runId === runId);
  }

  /** Reads the runs again from the store. */
  async refresh(): Promise<void> {
    const runs = await this.store.searchRuns({ experimentIds: [this.experiment.experimentId] });
    this.entries = runs
      .map(toRunEntry)
      .sort((a, b) => a.startTime - b.startTime || (a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0));
  }

  /** A table of the runs (iquaflow's `get_df`); see {@link TableOptions}. */
  getTable(options: TableOptions = {}): RunTable {
    return buildTable(this.entries, options);
  }

  /**
   * How `metric` degrades with the degradation parameter `by` (see {@link RobustnessOptions}):
   * per level mean, std, runs and relative performance to the reference (the pristine
   * `modifier: none` runs, else the best level, or `reference`), the normalised area under the
   * relative-performance curve, the breaking points at 95 % and 90 %, and monotonicity.
   * @example
   * ```ts
   * const summary = info.robustness({ metric: "psnr", by: "quality" });
   * summary.breakingPoints[0]?.level; // quality at which PSNR falls below 95 % of pristine
   * ```
   */
  robustness(options: RobustnessOptions): RobustnessSummary {
    return robustnessSummary(this.entries, options);
  }

  /**
   * Computes `metric` for every (finished) run and logs its values to that run as metrics at
   * step 0, leaving the run's status unchanged. The metric gets the run's `output.json` as
   * `predictionsPath`, `gtPath` as `groundTruthPath`, the modified datasets from the run's tags
   * as `datasetPath`, `valDatasetPath` and `testDatasetPath`, and the run's artifacts as
   * `outputDir`. A failure on one run is reported in its result and recorded on the run (tag
   * `iqf.metric_error.<metric>`), and the other runs continue; images the metric could not
   * measure are recorded the same way (`iqf.metric_failed_images.<metric>`).
   */
  async applyMetricPerRun(
    metric: Metric,
    gtPath?: string,
    options: ApplyMetricOptions = {},
  ): Promise<MetricRunResult[]> {
    const statuses = options.statuses ?? ["FINISHED"];
    const selected = this.entries.filter((entry) => statuses.includes(entry.status));
    const results: MetricRunResult[] = [];
    await runPool(
      selected,
      options.concurrency ?? 1,
      async (entry) => {
        results.push(await this.measureRun(entry, metric, gtPath, options.signal));
        options.onProgress?.({
          done: results.length,
          total: selected.length,
          item: entry.name,
          label: metric.name,
        });
      },
      () => options.signal?.aborted === true,
    );
    await this.refresh();
    const order = new Map(selected.map((entry, index) => [entry.runId, index]));
    return results.sort((a, b) => order.get(a.runId)! - order.get(b.runId)!);
  }

  /** Tags recording a metric's outcome on a run; an earlier error or failure list is cleared. */
  private outcomeTags(entry: RunEntry, metric: string, error: string, failedImages: readonly ImageFailure[]) {
    const errorKey = RunTags.metricErrorPrefix + metric;
    const imagesKey = RunTags.metricFailedImagesPrefix + metric;
    return [
      ...(error !== "" || entry.tags[errorKey] ? [{ key: errorKey, value: error }] : []),
      ...(failedImages.length > 0 || entry.tags[imagesKey]
        ? [{ key: imagesKey, value: failedImagesTag(failedImages) }]
        : []),
    ];
  }

  private async measureRun(
    entry: RunEntry,
    metric: Metric,
    gtPath: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<MetricRunResult> {
    let scratch: string | undefined;
    const failedImages: ImageFailure[] = [];
    try {
      let outputDir = localArtifactRoot(entry.artifactUri);
      if (outputDir === undefined) {
        scratch = await mkdtemp(join(tmpdir(), "iqf-metric-"));
        outputDir = await this.store.downloadArtifacts(entry.runId, "", scratch);
      }
      const listing = await this.store.listArtifacts(entry.runId);
      const hasPredictions = listing.some((item) => item.path === predictionsFileName && !item.isDir);
      const valDataset = entry.tags[RunTags.valDataset];
      const testDataset = entry.tags[RunTags.testDataset];
      const values = await metric.compute({
        ...(hasPredictions ? { predictionsPath: join(outputDir, predictionsFileName) } : {}),
        ...(gtPath !== undefined ? { groundTruthPath: gtPath } : {}),
        ...(entry.datasetPath !== undefined ? { datasetPath: entry.datasetPath } : {}),
        ...(valDataset !== undefined ? { valDatasetPath: valDataset } : {}),
        ...(testDataset !== undefined ? { testDatasetPath: testDataset } : {}),
        outputDir,
        ...(signal ? { signal } : {}),
        onImageFailure: (failure) => failedImages.push(failure),
      });
      const timestamp = Date.now();
      await this.store.logBatch(entry.runId, {
        metrics: Object.entries(values).map(([key, value]) => ({ key, value, step: 0, timestamp })),
        tags: this.outcomeTags(entry, metric.name, "", failedImages),
      });
      return {
        runId: entry.runId,
        name: entry.name,
        values,
        ...(failedImages.length > 0 && { failedImages }),
      };
    } catch (error) {
      const message = (error as Error).message;
      await this.store
        .logBatch(entry.runId, { tags: this.outcomeTags(entry, metric.name, message, failedImages) })
        .catch(() => undefined);
      return {
        runId: entry.runId,
        name: entry.name,
        error: message,
        ...(failedImages.length > 0 && { failedImages }),
      };
    } finally {
      if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
    }
  }
}
