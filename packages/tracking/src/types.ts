import type { IqfError } from "@iqf/core";
import type { LoggedArtifacts } from "./file/artifact-sources.js";

/** Run status words, as MLflow names them. */
export type RunStatus = "RUNNING" | "SCHEDULED" | "FINISHED" | "FAILED" | "KILLED";

/** Which runs or experiments a listing includes, as MLflow's `ViewType`. */
export type ViewType = "ACTIVE_ONLY" | "DELETED_ONLY" | "ALL";

/** An MLflow experiment. */
export interface Experiment {
  /** Experiment id (a string of digits in MLflow). */
  readonly experimentId: string;
  /** Unique experiment name. */
  readonly name: string;
  /** Root URI under which runs store artifacts. */
  readonly artifactLocation: string;
  /** `active` or `deleted`. */
  readonly lifecycleStage: "active" | "deleted";
  /** Creation time, ms since the epoch, when known. */
  readonly creationTime?: number;
  /** Last update time, ms since the epoch, when known. */
  readonly lastUpdateTime?: number;
  /** Experiment tags. */
  readonly tags: Readonly<Record<string, string>>;
}

/** Metadata of a run. */
export interface RunInfo {
  /** Run id (32 hex characters in MLflow). */
  readonly runId: string;
  /** Run name (`mlflow.runName` tag). */
  readonly runName: string;
  /** Experiment the run belongs to. */
  readonly experimentId: string;
  /** Current status. */
  readonly status: RunStatus;
  /** Start time, ms since the epoch. */
  readonly startTime: number;
  /** End time, ms since the epoch; absent while the run is unfinished. */
  readonly endTime?: number;
  /** Root URI of the run's artifacts. */
  readonly artifactUri: string;
  /** `active` or `deleted`. */
  readonly lifecycleStage: "active" | "deleted";
  /** User who created the run, when known. */
  readonly userId?: string;
}

/** One logged metric value. */
export interface MetricRecord {
  /** Metric key (may contain `/` for nested keys). */
  readonly key: string;
  /** Value; NaN and ±Infinity are allowed. */
  readonly value: number;
  /** ms since the epoch. */
  readonly timestamp: number;
  /** Step (0 when not given). */
  readonly step: number;
}

/** A run with its data. `metrics` holds the latest value per key (max step, then timestamp, then value). */
export interface Run {
  /** Run metadata. */
  readonly info: RunInfo;
  /** Params, latest metrics and tags of the run. */
  readonly data: {
    readonly params: Readonly<Record<string, string>>;
    readonly metrics: Readonly<Record<string, MetricRecord>>;
    readonly tags: Readonly<Record<string, string>>;
  };
}

/** Options of {@link TrackingStore.createRun}. */
export interface CreateRunOptions {
  /** Experiment to create the run in. */
  readonly experimentId: string;
  /** Run name; a generated one when absent. */
  readonly runName?: string;
  /** Start time, ms since the epoch; now when absent. */
  readonly startTime?: number;
  /** Initial tags. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Options of {@link TrackingStore.updateRun}. */
export interface UpdateRunOptions {
  /** New status. */
  readonly status?: RunStatus;
  /** End time, ms since the epoch. */
  readonly endTime?: number;
  /** New run name. */
  readonly runName?: string;
}

/** Options of {@link TrackingStore.searchRuns}. */
export interface SearchRunsOptions {
  /** Experiments to search. */
  readonly experimentIds: readonly string[];
  /** MLflow search filter, e.g. `params.lr = '0.1' and metrics.rmse < 2 and attributes.status = 'FINISHED'`. */
  readonly filter?: string;
  /** MLflow order clauses, e.g. `["metrics.rmse ASC", "attributes.start_time DESC"]`. */
  readonly orderBy?: readonly string[];
  /** Which lifecycle stages to include; `ACTIVE_ONLY` by default. */
  readonly viewType?: ViewType;
  /** Maximum number of runs to return in total; every matching run when absent (all pages). */
  readonly maxResults?: number;
  /**
   * File store only: when given, a run whose files are malformed (its `meta.yaml`, a metric file)
   * is skipped and reported here instead of failing the whole search.
   */
  readonly onInvalidRun?: (error: IqfError, runFolderName: string) => void;
}

/** Options of `listExperiments`. */
export interface ListExperimentsOptions {
  /** Which lifecycle stages to include; `ACTIVE_ONLY` by default. */
  readonly viewType?: ViewType;
  /** File store only: receives each experiment folder that was left out because its files are malformed. */
  readonly onInvalidExperiment?: (error: IqfError, experimentFolderName: string) => void;
}

/** A metric to log; `timestamp` defaults to now and `step` to 0. */
export interface MetricInput {
  /** Metric key. */
  readonly key: string;
  /** Value; NaN and ±Infinity are allowed. */
  readonly value: number;
  /** ms since the epoch. */
  readonly timestamp?: number;
  /** Step. */
  readonly step?: number;
}

/** A key/value pair (param or tag). */
export interface KeyValue {
  /** Key. */
  readonly key: string;
  /** Value. */
  readonly value: string;
}

/** A batch of metrics, params and tags logged together. */
export interface LogBatch {
  /** Metrics to log. */
  readonly metrics?: readonly MetricInput[];
  /** Params to log (write-once). */
  readonly params?: readonly KeyValue[];
  /** Tags to set. */
  readonly tags?: readonly KeyValue[];
}

/** An entry of an artifact listing. */
export interface ArtifactInfo {
  /** Path relative to the run's artifact root, with `/` separators. */
  readonly path: string;
  /** Whether the entry is a folder. */
  readonly isDir: boolean;
  /** Size in bytes, for files. */
  readonly fileSize?: number;
}

/**
 * The one interface in front of both MLflow-compatible stores: the local file store
 * (`./mlruns`, `file://` URIs) and the REST client for MLflow tracking servers (`http(s)://`).
 */
export interface TrackingStore {
  /** The store's URI, without credentials. */
  readonly uri: string;

  /** Creates an experiment and returns its id; fails if the name is taken. */
  createExperiment(
    name: string,
    options?: { artifactLocation?: string; tags?: Record<string, string> },
  ): Promise<string>;
  /** Gets an experiment by id; fails with a clear error when it does not exist. */
  getExperiment(experimentId: string): Promise<Experiment>;
  /** Gets an experiment by name, or `undefined` when there is none. */
  getExperimentByName(name: string): Promise<Experiment | undefined>;
  /** Gets the experiment of that name, creating it if needed; safe when several processes race. */
  getOrCreateExperiment(name: string): Promise<Experiment>;
  /**
   * Lists experiments (active ones by default). File store: an experiment whose `meta.yaml` is
   * malformed is left out (of this list and of every lookup) and reported to `onInvalidExperiment`.
   */
  listExperiments(options?: ListExperimentsOptions): Promise<Experiment[]>;

  /** Creates a run (status RUNNING). */
  createRun(options: CreateRunOptions): Promise<Run>;
  /** Updates a run's status, end time or name. */
  updateRun(runId: string, options: UpdateRunOptions): Promise<RunInfo>;
  /** Gets a run with its params, latest metrics and tags. */
  getRun(runId: string): Promise<Run>;
  /** Searches runs, following every page unless `maxResults` caps the total. */
  searchRuns(options: SearchRunsOptions): Promise<Run[]>;
  /** Moves a run to the deleted lifecycle stage. */
  deleteRun(runId: string): Promise<void>;

  /** Logs a param; logging the same value again is fine, a different value is an error naming both. */
  logParam(runId: string, key: string, value: string): Promise<void>;
  /** Logs one metric value. */
  logMetric(runId: string, metric: MetricInput): Promise<void>;
  /** Logs metrics, params and tags together (split at MLflow's batch limits as needed). */
  logBatch(runId: string, batch: LogBatch): Promise<void>;
  /** Sets a tag (overwrites). */
  setTag(runId: string, key: string, value: string): Promise<void>;
  /** Full history of one metric key, ordered by step then timestamp. */
  getMetricHistory(runId: string, key: string): Promise<MetricRecord[]>;

  /**
   * Logs a local file or folder as artifact(s) under `artifactPath` (the root when absent).
   * Only regular files are logged; FIFOs, sockets, devices, links leaving the folder and links to
   * folders are left out and listed in the answer.
   */
  logArtifact(runId: string, localPath: string, artifactPath?: string): Promise<LoggedArtifacts>;
  /** Lists artifacts directly under `path` (the root when absent). */
  listArtifacts(runId: string, path?: string): Promise<ArtifactInfo[]>;
  /** Downloads the artifact file or folder `path` into `destinationDir` and returns the local path. */
  downloadArtifacts(runId: string, path: string, destinationDir: string): Promise<string>;
}
