import { randomInt, randomUUID } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { IqfError, temporaryName, writeFileAtomic } from "@iqf/core";
import { experimentNotFound, paramConflict, runNotFound, TrackingError } from "./errors.js";
import type { LoggedArtifacts } from "./file/artifact-sources.js";
import { createFileExclusive } from "./file/atomic.js";
import { FolderReader, toRunInfo } from "./file/folder-reader.js";
import { LocalArtifactFolder, localArtifactFolder } from "./file/local-artifacts.js";
import { withFileLock } from "./file/lock.js";
import { formatMetaYaml, type MetaYaml } from "./file/meta-yaml.js";
import { MetricAppender } from "./file/metric-appender.js";
import { readRunFolders } from "./file/read-run-folders.js";
import type { RunReadResult } from "./file/run-read-result.js";
import { type RunSummary, readSummaryCache, writeSummaryCache } from "./file/summary-cache.js";
import { tagPrefilter } from "./file/tag-prefilter.js";
import { assertValidKey } from "./keys.js";
import { normaliseBatch } from "./metric-input.js";
import { generateRunName } from "./run-names.js";
import { selectRuns } from "./select-runs.js";
import { statusToCode } from "./status.js";
import type {
  ArtifactInfo,
  CreateRunOptions,
  Experiment,
  KeyValue,
  ListExperimentsOptions,
  LogBatch,
  MetricInput,
  MetricRecord,
  Run,
  RunInfo,
  SearchRunsOptions,
  TrackingStore,
  UpdateRunOptions,
  ViewType,
} from "./types.js";
import { fileUriToPath } from "./uri.js";

const trashFolder = ".trash";
const lockFileName = ".iqf-experiments.lock";
/** Folder names inside an experiment that MLflow reserves (never runs). */
const reservedFolders = new Set(["tags", "datasets", "traces", "models"]);

/**
 * MLflow's local file store (`./mlruns`, any folder path or `file://` URI), read and written in
 * exactly MLflow's layout so that MLflow's own client and `mlflow ui` read what iqf writes and the
 * other way round. Writes are atomic (temporary file + rename), metric lines are appended with one
 * write each, and experiment creation is serialised across processes with a lock file.
 */
export class FileStore implements TrackingStore {
  /** The store's URI as given (a path or a `file://` URI). */
  readonly uri: string;
  /** Absolute path of the store's root folder. */
  readonly root: string;
  private readonly reader = new FolderReader();
  private readonly useFileUris: boolean;
  private readonly runFolders = new Map<string, string>();
  private readonly metricAppender = new MetricAppender();
  /** Per experiment folder and creation-time tag key: run folder name → tag value (see searchRunsByCreationTag). */
  private readonly creationTags = new Map<string, Map<string, string | undefined>>();

  /**
   * @param uri - folder path or `file://` URI of the store; `./mlruns` when absent.
   * @param options - `cwd` resolves relative paths (the process's working folder by default).
   */
  constructor(uri = "./mlruns", options: { cwd?: string } = {}) {
    this.uri = uri;
    this.root = fileUriToPath(uri, options.cwd);
    this.useFileUris = /^file:/i.test(uri);
  }

  private location(path: string): string {
    return this.useFileUris ? pathToFileURL(path).href : path;
  }

  /** Creates the root with `.trash` and experiment `0` (Default) when the root does not exist, as MLflow does. */
  private async ensureRoot(): Promise<void> {
    this.assertRootIsFolder();
    if (existsSync(join(this.root, trashFolder))) return;
    const rootExisted = existsSync(this.root);
    await mkdir(join(this.root, trashFolder), { recursive: true });
    if (!rootExisted) {
      await withFileLock(join(this.root, lockFileName), async () => {
        if (!existsSync(join(this.root, "0")))
          await this.writeExperimentFolder("0", "Default", undefined, {});
      });
    }
  }

  private async writeExperimentFolder(
    experimentId: string,
    name: string,
    artifactLocation: string | undefined,
    tags: Readonly<Record<string, string>>,
  ): Promise<void> {
    const now = Date.now();
    const staging = join(this.root, temporaryName());
    await mkdir(join(staging, "tags"), { recursive: true });
    try {
      const meta: MetaYaml = {
        artifact_location: artifactLocation || this.location(join(this.root, experimentId)),
        creation_time: now,
        experiment_id: experimentId,
        last_update_time: now,
        lifecycle_stage: "active",
        name,
      };
      await writeFile(join(staging, "meta.yaml"), formatMetaYaml(meta));
      for (const [key, value] of Object.entries(tags)) {
        assertValidKey(key, "experiment tag");
        await mkdir(join(staging, "tags", ...key.split("/").slice(0, -1)), { recursive: true });
        await writeFile(join(staging, "tags", ...key.split("/")), value);
      }
      await rename(staging, join(this.root, experimentId));
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw error;
    }
  }

  async createExperiment(
    name: string,
    options: { artifactLocation?: string; tags?: Record<string, string> } = {},
  ): Promise<string> {
    if (name.trim() === "")
      throw new TrackingError("INVALID_PARAMETER_VALUE", "Experiment name must not be empty.");
    await this.ensureRoot();
    return withFileLock(join(this.root, lockFileName), async () => {
      const existing = this.allExperiments().find((experiment) => experiment.name === name);
      if (existing !== undefined) {
        const where =
          existing.lifecycleStage === "deleted"
            ? " (deleted, in .trash; restore it or pick another name)"
            : "";
        throw new TrackingError(
          "RESOURCE_ALREADY_EXISTS",
          `Experiment '${name}' already exists with id ${existing.experimentId}${where}.`,
        );
      }
      let experimentId: string;
      do experimentId = generateExperimentId();
      while (
        existsSync(join(this.root, experimentId)) ||
        existsSync(join(this.root, trashFolder, experimentId))
      );
      await this.writeExperimentFolder(experimentId, name, options.artifactLocation, options.tags ?? {});
      return experimentId;
    });
  }

  async getExperiment(experimentId: string): Promise<Experiment> {
    assertSafeId(experimentId, "experiment");
    const experiment =
      this.reader.readExperiment(join(this.root, experimentId)) ??
      this.reader.readExperiment(join(this.root, trashFolder, experimentId));
    if (experiment === undefined || experiment.experimentId !== experimentId)
      throw experimentNotFound(experimentId);
    return experiment;
  }

  async getExperimentByName(name: string): Promise<Experiment | undefined> {
    return this.allExperiments().find((experiment) => experiment.name === name);
  }

  async getOrCreateExperiment(name: string): Promise<Experiment> {
    const found = await this.getExperimentByName(name);
    if (found === undefined) {
      try {
        return await this.getExperiment(await this.createExperiment(name));
      } catch (error) {
        if (!(error instanceof TrackingError && error.errorCode === "RESOURCE_ALREADY_EXISTS")) throw error;
        return this.getOrCreateExperiment(name);
      }
    }
    if (found.lifecycleStage === "deleted") {
      throw new TrackingError(
        "INVALID_STATE",
        `Experiment '${name}' (id ${found.experimentId}) is deleted (in ${join(this.root, trashFolder)}); restore it or pick another name.`,
      );
    }
    return found;
  }

  async listExperiments(options: ListExperimentsOptions = {}): Promise<Experiment[]> {
    const viewType = options.viewType ?? "ACTIVE_ONLY";
    return this.allExperiments(options.onInvalidExperiment)
      .filter((experiment) => matchesView(experiment.lifecycleStage, viewType))
      .sort(
        (a, b) => (b.creationTime ?? 0) - (a.creationTime ?? 0) || compareIds(a.experimentId, b.experimentId),
      );
  }

  /**
   * Every experiment, active (root) and deleted (`.trash`); folders without `meta.yaml` are
   * skipped, and so are folders whose files are malformed (reported to `onInvalid`).
   */
  private allExperiments(onInvalid?: ListExperimentsOptions["onInvalidExperiment"]): Experiment[] {
    this.assertRootIsFolder();
    const experiments: Experiment[] = [];
    for (const folder of [this.root, join(this.root, trashFolder)]) {
      for (const name of listFolders(folder)) {
        if (name.startsWith(".")) continue;
        let experiment: Experiment | undefined;
        try {
          experiment = this.reader.readExperiment(join(folder, name));
        } catch (error) {
          if (!(error instanceof IqfError)) throw error;
          onInvalid?.(error, name);
          continue;
        }
        if (experiment !== undefined && experiment.experimentId === name) experiments.push(experiment);
      }
    }
    return experiments;
  }

  /** A store path that exists but is not a folder is a mistake to name, not to crash on. */
  private assertRootIsFolder(): void {
    let info: ReturnType<typeof statSync> | undefined;
    try {
      info = statSync(this.root);
    } catch {
      return;
    }
    if (!info.isDirectory()) {
      throw new TrackingError(
        "INVALID_PARAMETER_VALUE",
        `Tracking store ${this.root} is a file, not a folder; give a folder (e.g. ./mlruns) or an http(s):// server URI.`,
      );
    }
  }

  private experimentFolder(experiment: Experiment): string {
    return experiment.lifecycleStage === "deleted" &&
      !existsSync(join(this.root, experiment.experimentId, "meta.yaml"))
      ? join(this.root, trashFolder, experiment.experimentId)
      : join(this.root, experiment.experimentId);
  }

  /**
   * Runs `action` while holding the experiment's lock file (`<experiment>/.iqf-lock`, created
   * with `O_EXCL`; a lock left by a dead process is taken over). Processes sharing this store
   * use it to make check-then-create steps atomic, e.g. claiming a grid cell.
   * @param experimentId - the experiment.
   * @param action - what to do under the lock.
   */
  async withExperimentLock<T>(experimentId: string, action: () => Promise<T>): Promise<T> {
    const folder = this.experimentFolder(await this.getExperiment(experimentId));
    return withFileLock(join(folder, ".iqf-lock"), action);
  }

  async createRun(options: CreateRunOptions): Promise<Run> {
    const experiment = await this.getExperiment(options.experimentId);
    if (experiment.lifecycleStage !== "active") {
      throw new TrackingError(
        "INVALID_STATE",
        `Could not create run under non-active experiment with id ${experiment.experimentId}.`,
      );
    }
    const tags = { ...(options.tags ?? {}) };
    const runName = options.runName ?? tags["mlflow.runName"] ?? generateRunName();
    tags["mlflow.runName"] = runName;
    for (const key of Object.keys(tags)) assertValidKey(key, "tag");
    const runId = randomUUID().replaceAll("-", "");
    const experimentDir = join(this.root, experiment.experimentId);
    const runDir = join(experimentDir, runId);
    const info: RunInfo = {
      runId,
      runName,
      experimentId: experiment.experimentId,
      status: "RUNNING",
      startTime: options.startTime ?? Date.now(),
      artifactUri: this.location(join(runDir, "artifacts")),
      lifecycleStage: "active",
      userId: tags["mlflow.user"] ?? "unknown",
    };
    const staging = join(experimentDir, temporaryName());
    try {
      await mkdir(staging);
      await Promise.all(["artifacts", "metrics", "params", "tags"].map((sub) => mkdir(join(staging, sub))));
      await Promise.all([
        writeFile(join(staging, "meta.yaml"), formatMetaYaml(runMeta(info))),
        ...Object.entries(tags).map(async ([key, value]) => {
          const path = join(staging, "tags", ...key.split("/"));
          if (key.includes("/")) await mkdir(join(path, ".."), { recursive: true });
          await writeFile(path, value);
        }),
      ]);
      await rename(staging, runDir);
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw error;
    }
    this.runFolders.set(runId, runDir);
    return { info, data: { params: {}, metrics: {}, tags } };
  }

  /** Finds the folder of a run (searching every experiment, active or deleted). */
  private findRunFolder(runId: string): string {
    assertSafeId(runId, "run");
    const known = this.runFolders.get(runId);
    if (known !== undefined && existsSync(join(known, "meta.yaml"))) return known;
    for (const folder of [this.root, join(this.root, trashFolder)]) {
      for (const experimentId of listFolders(folder)) {
        const candidate = join(folder, experimentId, runId);
        if (existsSync(join(candidate, "meta.yaml"))) {
          this.runFolders.set(runId, candidate);
          return candidate;
        }
      }
    }
    throw runNotFound(runId);
  }

  private readRunAt(runDir: string, runId: string): Run {
    const run = this.reader.readRun(runDir);
    if (run === undefined) throw runNotFound(runId);
    return run;
  }

  /** Folder of a run that may still be written to (refuses deleted runs, as MLflow does). */
  private activeRunFolder(runId: string): string {
    const runDir = this.findRunFolder(runId);
    const meta = this.reader.readMeta(join(runDir, "meta.yaml"));
    if (meta?.meta.lifecycle_stage === "deleted") {
      throw new TrackingError(
        "INVALID_PARAMETER_VALUE",
        `The run ${runId} must be in the 'active' state. Current state is deleted.`,
      );
    }
    return runDir;
  }

  private async rewriteRunMeta(runId: string, change: (meta: MetaYaml) => void): Promise<RunInfo> {
    const runDir = this.findRunFolder(runId);
    const metaPath = join(runDir, "meta.yaml");
    const read = this.reader.readMeta(metaPath);
    if (read === undefined) throw runNotFound(runId);
    const meta = { ...read.meta };
    change(meta);
    const text = formatMetaYaml(meta);
    await writeFileAtomic(metaPath, text, { temporaryDir: runDir });
    return toRunInfo(meta, text, metaPath, this.reader.readText(join(runDir, "tags", "mlflow.runName")));
  }

  async updateRun(runId: string, options: UpdateRunOptions): Promise<RunInfo> {
    if (options.runName !== undefined) {
      const runDir = this.findRunFolder(runId);
      await writeFileAtomic(join(runDir, "tags", "mlflow.runName"), options.runName, {
        temporaryDir: runDir,
      });
    }
    return this.rewriteRunMeta(runId, (meta) => {
      if (options.status !== undefined) meta.status = statusToCode(options.status);
      if (options.endTime !== undefined) meta.end_time = options.endTime;
      if (options.runName !== undefined) meta.run_name = options.runName;
    });
  }

  async getRun(runId: string): Promise<Run> {
    return this.readRunAt(this.findRunFolder(runId), runId);
  }

  async searchRuns(options: SearchRunsOptions): Promise<Run[]> {
    selectRuns([], options); // fails fast on a malformed filter or order before any run is read
    const runs: Run[] = [];
    const mayMatch = tagPrefilter(options.filter, this.reader);
    for (const experimentId of options.experimentIds) {
      const experimentDir = this.experimentFolder(await this.getExperiment(experimentId));
      const runIds = listRunFolders(experimentDir).filter(
        (name) => mayMatch === undefined || mayMatch(join(experimentDir, name)),
      );
      const summaries = readSummaryCache(experimentDir);
      const results = await readRunFolders(experimentDir, runIds, this.reader, summaries);
      await updateSummaryCache(experimentDir, summaries, results, mayMatch === undefined);
      runs.push(...this.keepRuns(experimentId, experimentDir, results, options));
    }
    return selectRuns(runs, options);
  }

  /**
   * The active runs of one experiment whose tag `key` equals `value`, for a tag that is set when
   * the run is created and never changed afterwards (iqf's `iqf.cell`). The tag of each run
   * folder is read once per store instance and remembered: a call lists the experiment folder
   * and reads the tag only of run folders it has not seen before (run folders are never renamed,
   * and a run folder appears with its tags, see {@link FileStore.createRun}), then reads the
   * matching runs in full. Repeated calls thus cost one folder listing plus the new runs, not one
   * tag file per run of the experiment. Called under {@link FileStore.withExperimentLock}, it
   * sees every run created by any process before the lock was taken.
   * @param experimentId - the experiment.
   * @param key - the creation-time tag.
   * @param value - the tag value wanted.
   */
  async searchRunsByCreationTag(experimentId: string, key: string, value: string): Promise<Run[]> {
    assertValidKey(key, "tag");
    const experimentDir = this.experimentFolder(await this.getExperiment(experimentId));
    const indexKey = `${experimentDir}\n${key}`;
    let index = this.creationTags.get(indexKey);
    if (index === undefined) {
      index = new Map();
      this.creationTags.set(indexKey, index);
    }
    for (const name of listRunFolders(experimentDir)) {
      if (!index.has(name))
        index.set(name, this.reader.readText(join(experimentDir, name, "tags", ...key.split("/"))));
    }
    const matching = [...index].filter(([, tagValue]) => tagValue === value).map(([name]) => name);
    const results = await readRunFolders(experimentDir, matching, this.reader);
    return this.keepRuns(experimentId, experimentDir, results, {});
  }

  /** The runs read from folders of one experiment that belong to it and are in the wanted view. */
  private keepRuns(
    experimentId: string,
    experimentDir: string,
    results: readonly RunReadResult[],
    options: Pick<SearchRunsOptions, "viewType" | "onInvalidRun">,
  ): Run[] {
    const viewType = options.viewType ?? "ACTIVE_ONLY";
    const runs: Run[] = [];
    for (const { folder, run, error } of results) {
      if (error !== undefined) {
        if (options.onInvalidRun === undefined) throw error;
        options.onInvalidRun(error, folder);
        continue;
      }
      if (run === undefined || run.info.experimentId !== experimentId) continue;
      if (!matchesView(run.info.lifecycleStage, viewType)) continue;
      this.runFolders.set(run.info.runId, join(experimentDir, folder));
      runs.push(run);
    }
    return runs;
  }

  async deleteRun(runId: string): Promise<void> {
    await this.rewriteRunMeta(runId, (meta) => {
      meta.lifecycle_stage = "deleted";
      meta.deleted_time = Date.now();
    });
  }

  async logParam(runId: string, key: string, value: string): Promise<void> {
    await this.logBatch(runId, { params: [{ key, value }] });
  }

  async logMetric(runId: string, metric: MetricInput): Promise<void> {
    await this.logBatch(runId, { metrics: [metric] });
  }

  async logBatch(runId: string, batch: LogBatch): Promise<void> {
    const { metrics, params, tags } = normaliseBatch(batch);
    const runDir = this.activeRunFolder(runId);
    await Promise.all(
      params.map(async ({ key, value }) => {
        const path = join(runDir, "params", ...key.split("/"));
        if (await createFileExclusive(path, value, runDir)) return;
        const existing = await readFile(path, "utf8");
        if (existing !== value) throw paramConflict(runId, key, existing, value);
      }),
    );
    const byKey = new Map<string, MetricRecord[]>();
    for (const metric of metrics) {
      const list = byKey.get(metric.key);
      if (list === undefined) byKey.set(metric.key, [metric]);
      else list.push(metric);
    }
    await Promise.all(
      [...byKey].map(([key, values]) =>
        this.metricAppender.append(join(runDir, "metrics", ...key.split("/")), values),
      ),
    );
    await Promise.all(
      latestPerKey(tags).map(({ key, value }) =>
        writeFileAtomic(join(runDir, "tags", ...key.split("/")), value, { temporaryDir: runDir }),
      ),
    );
    const runName = tags.findLast((tag) => tag.key === "mlflow.runName");
    if (runName !== undefined)
      await this.rewriteRunMeta(runId, (meta) => void (meta.run_name = runName.value));
  }

  async setTag(runId: string, key: string, value: string): Promise<void> {
    await this.logBatch(runId, { tags: [{ key, value }] });
  }

  async getMetricHistory(runId: string, key: string): Promise<MetricRecord[]> {
    assertValidKey(key, "metric");
    const runDir = this.findRunFolder(runId);
    return this.reader.readMetricHistory(join(runDir, "metrics", ...key.split("/")), key);
  }

  private async artifactFolder(runId: string): Promise<LocalArtifactFolder> {
    const runDir = this.findRunFolder(runId);
    const { info } = this.readRunAt(runDir, runId);
    const stored = localArtifactFolder(info.artifactUri);
    if (info.artifactUri !== "" && stored === undefined) {
      throw new TrackingError(
        "INVALID_PARAMETER_VALUE",
        `Run ${runId} stores artifacts at '${info.artifactUri}', which is not a local folder; iqf's file store handles local artifact locations only.`,
      );
    }
    // A copied store keeps the original absolute artifact paths; fall back to the run's own folder then.
    const root = stored !== undefined && existsSync(stored) ? stored : join(runDir, "artifacts");
    return new LocalArtifactFolder(root, runId);
  }

  async logArtifact(runId: string, localPath: string, artifactPath?: string): Promise<LoggedArtifacts> {
    this.activeRunFolder(runId);
    return (await this.artifactFolder(runId)).log(localPath, artifactPath);
  }

  async listArtifacts(runId: string, path?: string): Promise<ArtifactInfo[]> {
    return (await this.artifactFolder(runId)).list(path);
  }

  async downloadArtifacts(runId: string, path: string, destinationDir: string): Promise<string> {
    return (await this.artifactFolder(runId)).download(path, destinationDir);
  }
}

/** The run `meta.yaml` mapping with exactly MLflow's keys. */
function runMeta(info: RunInfo): MetaYaml {
  return {
    artifact_uri: info.artifactUri,
    end_time: info.endTime ?? null,
    entry_point_name: "",
    experiment_id: info.experimentId,
    lifecycle_stage: info.lifecycleStage,
    run_id: info.runId,
    run_name: info.runName,
    source_name: "",
    source_type: 4,
    source_version: "",
    start_time: info.startTime,
    status: statusToCode(info.status),
    tags: [],
    user_id: info.userId ?? "unknown",
  };
}

/** A random 18-digit experiment id, as MLflow's file store generates them. */
function generateExperimentId(): string {
  return `${randomInt(1, 10)}${String(randomInt(0, 1e9)).padStart(9, "0")}${String(randomInt(0, 1e8)).padStart(8, "0")}`;
}

function assertSafeId(id: string, kind: string): void {
  if (!/^[a-zA-Z0-9][\w-]{0,255}$/.test(id)) {
    throw new TrackingError("INVALID_PARAMETER_VALUE", `Invalid ${kind} id '${id}'.`);
  }
}

function listFolders(folder: string): string[] {
  try {
    return readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

/**
 * Brings an experiment's run summary cache up to date after a read: runs just read under a stamp
 * are added, runs read without one (running, changed while read, malformed) are dropped, and after
 * a read of every run folder (`complete`) so are the folders that are gone. Written only when
 * something changed.
 */
async function updateSummaryCache(
  experimentDir: string,
  summaries: ReadonlyMap<string, RunSummary>,
  results: readonly RunReadResult[],
  complete: boolean,
): Promise<void> {
  const updated = new Map(complete ? [] : summaries);
  let changed = false;
  for (const { folder, run, stamp, cached } of results) {
    if (cached) updated.set(folder, summaries.get(folder)!);
    else if (stamp !== undefined && run !== undefined) {
      updated.set(folder, { stamp, run });
      changed = true;
    } else updated.delete(folder);
  }
  if (changed || updated.size !== summaries.size) await writeSummaryCache(experimentDir, updated);
}

/** The last value given for each key (a batch may set a tag twice; the last one wins, as in MLflow). */
function latestPerKey(entries: readonly KeyValue[]): KeyValue[] {
  return [...new Map(entries.map((entry) => [entry.key, entry])).values()];
}

/** Names of the run folders of an experiment folder (reserved and hidden folders left out). */
function listRunFolders(experimentDir: string): string[] {
  return listFolders(experimentDir).filter((name) => !name.startsWith(".") && !reservedFolders.has(name));
}

function matchesView(stage: "active" | "deleted", viewType: ViewType): boolean {
  return viewType === "ALL" || (viewType === "ACTIVE_ONLY" ? stage === "active" : stage === "deleted");
}

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
