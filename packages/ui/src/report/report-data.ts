import type { RobustnessSummary } from "@iqf/experiments";
import type { ChartSpec } from "@iqf/visual";

/** One point of a metric history. */
export interface HistoryPoint {
  /** Step. */
  readonly step: number;
  /** Value. */
  readonly value: number;
}

/** Why a run did not finish, from its tags and its `logs/stderr.txt`. */
export interface RunFailure {
  /** iqf's failure code (`exit-code`, `timeout`, `orphaned`, …) or `unknown`. */
  readonly reason: string;
  /** Human-readable detail. */
  readonly detail: string;
  /** The last lines of the task's stderr, when it was logged. */
  readonly stderrTail: string;
}

/** A run as shown in the report. */
export interface ReportRun {
  /** Run id. */
  readonly id: string;
  /** Run name. */
  readonly name: string;
  /** Status (FINISHED, FAILED, KILLED, RUNNING, SCHEDULED). */
  readonly status: string;
  /** Start time, ms since the epoch. */
  readonly start: number;
  /** Wall-clock duration in ms, when the run ended. */
  readonly durationMs: number | null;
  /** Params. */
  readonly params: Readonly<Record<string, string>>;
  /** Latest value of each metric. */
  readonly metrics: Readonly<Record<string, number>>;
  /** Histories of the metrics logged at more than one step. */
  readonly histories: Readonly<Record<string, readonly HistoryPoint[]>>;
  /** Artifact files (path relative to the run's artifact root, size in bytes). */
  readonly artifacts: readonly { readonly path: string; readonly size: number | null }[];
  /** Failure reason and stderr tail, for FAILED and KILLED runs. */
  readonly failure?: RunFailure;
}

/** One metric's robustness section. */
export interface ReportRobustness {
  /** The summary (see `ExperimentInfo.robustness`). */
  readonly summary: RobustnessSummary;
  /** Its vega-lite chart. */
  readonly chart: ChartSpec;
}

/** Measured image quality of a sample image. */
export interface SampleQuality {
  /** SNR (iquaflow's HB method), when measurable. */
  readonly snr: number | null;
  /** Mean relative edge response of the X and Y edges, when measurable. */
  readonly rer: number | null;
}

/** One modified dataset's sample image beside the original. */
export interface ReportSample {
  /** Modifier chain name. */
  readonly modifier: string;
  /** Image file name (relative to the images folder). */
  readonly image: string;
  /** Thumbnail of the original image, as a `data:` URI. */
  readonly original: string;
  /** Thumbnail of the modified image (same size), as a `data:` URI. */
  readonly modified: string;
  /** Measured quality of the original image. */
  readonly originalQuality: SampleQuality;
  /** Measured quality of the modified image. */
  readonly modifiedQuality: SampleQuality;
}

/** Everything the experiment report shows. */
export interface ReportData {
  /** The experiment. */
  readonly experiment: { readonly id: string; readonly name: string };
  /** The tracking store's URI (without credentials). */
  readonly store: string;
  /** When the report was made (ISO 8601). */
  readonly generatedAt: string;
  /** Number of runs per status. */
  readonly counts: Readonly<Record<string, number>>;
  /** Sum of the durations of the ended runs, in ms. */
  readonly totalRunMs: number;
  /** The degradation parameter of the robustness sections, or `null` when none was found. */
  readonly by: string | null;
  /** One robustness section per metric. */
  readonly robustness: readonly ReportRobustness[];
  /** Param columns of the run table. */
  readonly paramColumns: readonly string[];
  /** Metric columns of the run table. */
  readonly metricColumns: readonly string[];
  /** The runs, oldest first. */
  readonly runs: readonly ReportRun[];
  /** Before/after samples, one per modified dataset found on disk. */
  readonly samples: readonly ReportSample[];
}
