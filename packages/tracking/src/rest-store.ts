import { openAsBlob } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { temporaryName } from "@iqf/core";
import { joinArtifactPath, normaliseArtifactPath } from "./artifact-paths.js";
import { TrackingError } from "./errors.js";
import { type LoggedArtifacts, openArtifactSource, planArtifactUpload } from "./file/artifact-sources.js";
import { LocalArtifactFolder, localArtifactFolder } from "./file/local-artifacts.js";
import { assertValidKey } from "./keys.js";
import { normaliseBatch, normaliseMetric } from "./metric-input.js";
import { splitBatch } from "./rest/batches.js";
import { MlflowHttpClient } from "./rest/http-client.js";
import { type RestStoreOptions, resolveSettings } from "./rest/options.js";
import {
  encodeValue,
  toExperiment,
  toMetricRecord,
  toRun,
  toRunInfo,
  type WireExperiment,
  type WireMetric,
  type WireRun,
  type WireRunInfo,
} from "./rest/wire.js";
import type {
  ArtifactInfo,
  CreateRunOptions,
  Experiment,
  ListExperimentsOptions,
  LogBatch,
  MetricInput,
  MetricRecord,
  Run,
  RunInfo,
  SearchRunsOptions,
  TrackingStore,
  UpdateRunOptions,
} from "./types.js";

const api = "/api/2.0/mlflow";
const artifactsApi = "/api/2.0/mlflow-artifacts/artifacts";
const searchPageSize = 1000;
const historyPageSize = 25_000;

function query(parameters: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(parameters))
    if (value !== undefined) search.set(key, String(value));
  return `?${search.toString()}`;
}

function encodePath(path: string): string {
  return path
    .split("/")
    .filter((part) => part !== "")
    .map(encodeURIComponent)
    .join("/");
}

/**
 * Client of an MLflow tracking server's REST API 2.0 (`http://` / `https://` URIs). Artifacts go
 * through the server's `mlflow-artifacts` proxy (or straight to the folder when the run's artifact
 * location is a local path). Credentials come from `MLFLOW_TRACKING_TOKEN` (bearer) or
 * `MLFLOW_TRACKING_USERNAME`/`MLFLOW_TRACKING_PASSWORD` (basic) and are never shown.
 */
export class RestStore implements TrackingStore {
  /** The server URI without credentials. */
  readonly uri: string;
  private readonly http: MlflowHttpClient;

  /**
   * @param uri - `http(s)://host[:port][/prefix]` of the tracking server.
   * @param options - retries, timeouts and the environment holding credentials.
   */
  constructor(uri: string, options: RestStoreOptions = {}) {
    const env = options.env ?? process.env;
    this.http = new MlflowHttpClient(uri, env, resolveSettings(options, env));
    this.uri = this.http.uri;
  }

  private get<T>(endpoint: string, parameters: Record<string, string | number | undefined>): Promise<T> {
    return this.http.json<T>({ method: "GET", path: `${api}/${endpoint}${query(parameters)}` });
  }

  private post<T>(endpoint: string, body: unknown): Promise<T> {
    return this.http.json<T>({ method: "POST", path: `${api}/${endpoint}`, body: { json: body } });
  }

  async createExperiment(
    name: string,
    options: { artifactLocation?: string; tags?: Record<string, string> } = {},
  ): Promise<string> {
    const tags = Object.entries(options.tags ?? {}).map(([key, value]) => ({ key, value }));
    const answer = await this.post<{ experiment_id: string }>("experiments/create", {
      name,
      ...(options.artifactLocation ? { artifact_location: options.artifactLocation } : {}),
      ...(tags.length > 0 ? { tags } : {}),
    });
    return String(answer.experiment_id);
  }

  async getExperiment(experimentId: string): Promise<Experiment> {
    const answer = await this.get<{ experiment: WireExperiment }>("experiments/get", {
      experiment_id: experimentId,
    });
    return toExperiment(answer.experiment);
  }

  async getExperimentByName(name: string): Promise<Experiment | undefined> {
    try {
      const answer = await this.get<{ experiment: WireExperiment }>("experiments/get-by-name", {
        experiment_name: name,
      });
      return toExperiment(answer.experiment);
    } catch (error) {
      if (error instanceof TrackingError && error.errorCode === "RESOURCE_DOES_NOT_EXIST") return undefined;
      throw error;
    }
  }

  async getOrCreateExperiment(name: string): Promise<Experiment> {
    const found = await this.getExperimentByName(name);
    if (found !== undefined) return found;
    try {
      return await this.getExperiment(await this.createExperiment(name));
    } catch (error) {
      if (!(error instanceof TrackingError && error.errorCode === "RESOURCE_ALREADY_EXISTS")) throw error;
      const raced = await this.getExperimentByName(name);
      if (raced === undefined) throw error;
      return raced;
    }
  }

  async listExperiments(options: ListExperimentsOptions = {}): Promise<Experiment[]> {
    const experiments: Experiment[] = [];
    let pageToken: string | undefined;
    do {
      const answer = await this.post<{ experiments?: WireExperiment[]; next_page_token?: string }>(
        "experiments/search",
        { max_results: searchPageSize, view_type: options.viewType ?? "ACTIVE_ONLY", page_token: pageToken },
      );
      experiments.push(...(answer.experiments ?? []).map(toExperiment));
      pageToken = answer.next_page_token || undefined;
    } while (pageToken !== undefined);
    return experiments;
  }

  async createRun(options: CreateRunOptions): Promise<Run> {
    const tags = Object.entries(options.tags ?? {}).map(([key, value]) => ({ key, value }));
    for (const { key } of tags) assertValidKey(key, "tag");
    const answer = await this.post<{ run: WireRun }>("runs/create", {
      experiment_id: options.experimentId,
      start_time: options.startTime ?? Date.now(),
      ...(options.runName === undefined ? {} : { run_name: options.runName }),
      ...(tags.length > 0 ? { tags } : {}),
    });
    return toRun(answer.run);
  }

  async updateRun(runId: string, options: UpdateRunOptions): Promise<RunInfo> {
    const answer = await this.post<{ run_info: WireRunInfo }>("runs/update", {
      run_id: runId,
      ...(options.status === undefined ? {} : { status: options.status }),
      ...(options.endTime === undefined ? {} : { end_time: options.endTime }),
      ...(options.runName === undefined ? {} : { run_name: options.runName }),
    });
    return toRunInfo(answer.run_info, options.runName);
  }

  async getRun(runId: string): Promise<Run> {
    const answer = await this.get<{ run: WireRun }>("runs/get", { run_id: runId });
    return toRun(answer.run);
  }

  async searchRuns(options: SearchRunsOptions): Promise<Run[]> {
    const runs: Run[] = [];
    let pageToken: string | undefined;
    do {
      const remaining = options.maxResults === undefined ? searchPageSize : options.maxResults - runs.length;
      if (remaining <= 0) break;
      const answer = await this.post<{ runs?: WireRun[]; next_page_token?: string }>("runs/search", {
        experiment_ids: options.experimentIds,
        ...(options.filter ? { filter: options.filter } : {}),
        run_view_type: options.viewType ?? "ACTIVE_ONLY",
        max_results: Math.min(remaining, searchPageSize),
        ...(options.orderBy && options.orderBy.length > 0 ? { order_by: options.orderBy } : {}),
        ...(pageToken === undefined ? {} : { page_token: pageToken }),
      });
      runs.push(...(answer.runs ?? []).map(toRun));
      pageToken = answer.next_page_token || undefined;
    } while (pageToken !== undefined);
    return runs;
  }

  async deleteRun(runId: string): Promise<void> {
    await this.post("runs/delete", { run_id: runId });
  }

  async logParam(runId: string, key: string, value: string): Promise<void> {
    const [param] = normaliseBatch({ params: [{ key, value }] }).params;
    await this.post("runs/log-parameter", { run_id: runId, key: param!.key, value: param!.value });
  }

  async logMetric(runId: string, metric: MetricInput): Promise<void> {
    const record = normaliseMetric(metric);
    await this.post("runs/log-metric", {
      run_id: runId,
      key: record.key,
      value: encodeValue(record.value),
      timestamp: record.timestamp,
      step: record.step,
    });
  }

  async logBatch(runId: string, batch: LogBatch): Promise<void> {
    const { metrics, params, tags } = normaliseBatch(batch);
    const wireMetrics = metrics.map((metric) => ({ ...metric, value: encodeValue(metric.value) }));
    for (const request of splitBatch(wireMetrics, params, tags))
      await this.post("runs/log-batch", { run_id: runId, ...request });
  }

  async setTag(runId: string, key: string, value: string): Promise<void> {
    const [tag] = normaliseBatch({ tags: [{ key, value }] }).tags;
    await this.post("runs/set-tag", { run_id: runId, key: tag!.key, value: tag!.value });
  }

  async getMetricHistory(runId: string, key: string): Promise<MetricRecord[]> {
    const history: MetricRecord[] = [];
    let pageToken: string | undefined;
    do {
      // max_results is always sent: without it MLflow 3.4/3.5 answers with no metrics at all.
      const answer = await this.get<{ metrics?: WireMetric[]; next_page_token?: string }>(
        "metrics/get-history",
        {
          run_id: runId,
          metric_key: key,
          max_results: historyPageSize,
          page_token: pageToken,
        },
      );
      history.push(...(answer.metrics ?? []).map(toMetricRecord));
      pageToken =
        answer.metrics && answer.metrics.length > 0 ? answer.next_page_token || undefined : undefined;
    } while (pageToken !== undefined);
    return history;
  }

  /** Where a run's artifacts live: the proxy path for `mlflow-artifacts:` URIs, or a local folder. */
  private async artifactRoot(runId: string): Promise<{ proxyPath: string } | { local: LocalArtifactFolder }> {
    const { info } = await this.getRun(runId);
    const uri = info.artifactUri;
    const proxied = /^mlflow-artifacts:(?:\/\/[^/]*)?(\/.*)?$/.exec(uri);
    if (proxied !== null) return { proxyPath: encodePath(proxied[1] ?? "") };
    const local = localArtifactFolder(uri);
    if (local !== undefined) return { local: new LocalArtifactFolder(local, runId) };
    throw new TrackingError(
      "INVALID_PARAMETER_VALUE",
      `Run ${runId} stores artifacts at '${uri}', which iqf cannot reach directly; start the server with ` +
        "artifact proxying (the default `mlflow server`, or --serve-artifacts) so artifacts go through it.",
    );
  }

  async logArtifact(runId: string, localPath: string, artifactPath?: string): Promise<LoggedArtifacts> {
    const root = await this.artifactRoot(runId);
    if ("local" in root) return root.local.log(localPath, artifactPath);
    const { uploads, skipped } = await planArtifactUpload(localPath, artifactPath);
    let files = 0;
    for (const upload of uploads) {
      // Checked to be a readable regular file right before it is streamed (never a FIFO).
      const handle = await openArtifactSource(upload, skipped);
      if (handle === undefined) continue;
      await handle.close();
      await this.http.send({
        method: "PUT",
        path: `${artifactsApi}/${root.proxyPath}/${encodePath(upload.target)}`,
        body: { bytes: () => openAsBlob(upload.source) },
        transfer: true,
      });
      files += 1;
    }
    return { files, skipped };
  }

  async listArtifacts(runId: string, path?: string): Promise<ArtifactInfo[]> {
    const root = await this.artifactRoot(runId);
    if ("local" in root) return root.local.list(path);
    return this.listProxied(root.proxyPath, normaliseArtifactPath(path));
  }

  private async listProxied(proxyPath: string, relative: string): Promise<ArtifactInfo[]> {
    const listed = joinArtifactPath(decodeURIComponentPath(proxyPath), relative);
    const answer = await this.http.json<{
      files?: { path: string; is_dir?: boolean; file_size?: number | string }[];
    }>({
      method: "GET",
      path: `${artifactsApi}${query({ path: listed })}`,
    });
    return (answer.files ?? [])
      .map((file): ArtifactInfo => {
        const entryPath = joinArtifactPath(relative, file.path.split("/").pop() ?? file.path);
        return file.is_dir
          ? { path: entryPath, isDir: true }
          : {
              path: entryPath,
              isDir: false,
              ...(file.file_size === undefined ? {} : { fileSize: Number(file.file_size) }),
            };
      })
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async downloadArtifacts(runId: string, path: string, destinationDir: string): Promise<string> {
    const root = await this.artifactRoot(runId);
    if ("local" in root) return root.local.download(path, destinationDir);
    const relative = normaliseArtifactPath(path);
    const parent = relative.includes("/") ? relative.slice(0, relative.lastIndexOf("/")) : "";
    const name = relative.slice(parent === "" ? 0 : parent.length + 1);
    const entry =
      relative === ""
        ? undefined
        : (await this.listProxied(root.proxyPath, parent)).find((item) => item.path === relative);
    if (relative !== "" && entry === undefined) {
      throw new TrackingError(
        "RESOURCE_DOES_NOT_EXIST",
        `Artifact '${relative}' of run ${runId} does not exist`,
      );
    }
    if (entry !== undefined && !entry.isDir) {
      const target = join(destinationDir, name);
      await this.downloadFile(root.proxyPath, relative, target);
      return target;
    }
    const target = relative === "" ? destinationDir : join(destinationDir, name);
    await mkdir(target, { recursive: true });
    await this.downloadFolder(root.proxyPath, relative, target);
    return target;
  }

  private async downloadFolder(proxyPath: string, relative: string, target: string): Promise<void> {
    for (const entry of await this.listProxied(proxyPath, relative)) {
      const name = entry.path.split("/").pop()!;
      if (entry.isDir) {
        await mkdir(join(target, name), { recursive: true });
        await this.downloadFolder(proxyPath, entry.path, join(target, name));
      } else {
        await this.downloadFile(proxyPath, entry.path, join(target, name));
      }
    }
  }

  private async downloadFile(proxyPath: string, relative: string, target: string): Promise<void> {
    const response = await this.http.send({
      method: "GET",
      path: `${artifactsApi}/${proxyPath}/${encodePath(relative)}`,
      transfer: true,
    });
    await mkdir(dirname(target), { recursive: true });
    const temporary = join(dirname(target), temporaryName());
    try {
      await writeFile(temporary, new Uint8Array(await response.arrayBuffer()));
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }
}

function decodeURIComponentPath(path: string): string {
  return path
    .split("/")
    .map((part) => decodeURIComponent(part))
    .join("/");
}

export type { RestStoreOptions };
