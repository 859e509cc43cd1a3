/**
 * A test double of an MLflow 3.5 tracking server (REST API 2.0 + mlflow-artifacts proxy) on
 * 127.0.0.1, reproducing the exchanges recorded in fixtures/reference/mlflow/mlflow-wire.md:
 * status codes, one-line error bodies, pretty-printed success bodies, proto-JSON conventions
 * (omitted unset fields, "NaN" strings, ±Infinity clamped), write-once params, batch limits,
 * page tokens, the get-history `max_results` quirk, the Content-Type and Host checks.
 * Faults (429/503 answers, delays) and auth checks can be switched on per test.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { selectRuns } from "../../src/select-runs.js";
import type { MetricRecord, Run, RunStatus } from "../../src/types.js";

interface StoredExperiment {
  experiment_id: string;
  name: string;
  artifact_location: string;
  lifecycle_stage: "active" | "deleted";
  creation_time: number;
  last_update_time: number;
  tags: Map<string, string>;
}

interface StoredRun {
  run_id: string;
  experiment_id: string;
  run_name: string;
  user_id: string;
  status: RunStatus;
  start_time: number;
  end_time?: number;
  lifecycle_stage: "active" | "deleted";
  params: Map<string, string>;
  tags: Map<string, string>;
  metrics: Map<string, MetricRecord[]>;
}

/** One request as the server saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: string;
}

/** Options of {@link startMlflowTestServer}. */
export interface TestServerOptions {
  /** Require `Authorization: Bearer <token>`. */
  token?: string;
  /** Require basic auth with these credentials. */
  basic?: { user: string; password: string };
  /** Largest page a search answers (the real server caps large pages too); default 1000. */
  maxPageSize?: number;
}

/** A running test server. */
export interface MlflowTestServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Every request received, in order. */
  requests: SeenRequest[];
  /** Answers the next requests whose path ends with `pathSuffix` with these HTTP statuses first. */
  failNext(pathSuffix: string, statuses: number[]): void;
  /** Delays every answer by `ms` (0 to stop). */
  setDelay(ms: number): void;
  /** Stops the server. */
  close(): Promise<void>;
}

const MAX_DOUBLE = 1.7976931348623157e308;
const keyPattern = /^[\w\-. :/]+$/;

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

const invalid = (message: string) => new ApiError(400, "INVALID_PARAMETER_VALUE", message);
const missing = (name: string) =>
  invalid(
    `Missing value for required parameter '${name}'. See the API docs for more information about request parameters.`,
  );

function pageToken(offset: number): string {
  // Python json.dumps spacing, as in the recorded tokens ("eyJvZmZzZXQiOiAyfQ==" is {"offset": 2}).
  return Buffer.from(`{"offset": ${offset}}`).toString("base64");
}

function readOffset(token: string | undefined | null): number {
  if (!token) return 0;
  return (JSON.parse(Buffer.from(token, "base64").toString()) as { offset: number }).offset;
}

function wireValue(value: number): number | string {
  if (Number.isNaN(value)) return "NaN";
  return value;
}

function wireMetric(metric: MetricRecord) {
  return { key: metric.key, value: wireValue(metric.value), timestamp: metric.timestamp, step: metric.step };
}

function latest(history: MetricRecord[]): MetricRecord {
  return history.reduce((best, metric) =>
    metric.step > best.step ||
    (metric.step === best.step &&
      (metric.timestamp > best.timestamp ||
        (metric.timestamp === best.timestamp && metric.value > best.value)))
      ? metric
      : best,
  );
}

/** Starts the test server on a random port of 127.0.0.1. */
export async function startMlflowTestServer(options: TestServerOptions = {}): Promise<MlflowTestServer> {
  const experiments = new Map<string, StoredExperiment>();
  const runs = new Map<string, StoredRun>();
  const artifacts = new Map<string, Buffer>();
  const requests: SeenRequest[] = [];
  const faults: { suffix: string; status: number }[] = [];
  let delay = 0;
  let nextExperimentId = 0;
  const maxPage = options.maxPageSize ?? 1000;

  const createExperiment = (name: string, tags: { key: string; value: string }[] = []) => {
    if ([...experiments.values()].some((experiment) => experiment.name === name)) {
      throw new ApiError(400, "RESOURCE_ALREADY_EXISTS", `Experiment(name=${name}) already exists.`);
    }
    const id = String(nextExperimentId++);
    const now = Date.now();
    experiments.set(id, {
      experiment_id: id,
      name,
      artifact_location: `mlflow-artifacts:/${id}`,
      lifecycle_stage: "active",
      creation_time: now,
      last_update_time: now,
      tags: new Map(tags.map((tag) => [tag.key, tag.value])),
    });
    return id;
  };
  createExperiment("Default");

  const experimentJson = (experiment: StoredExperiment) => ({
    experiment_id: experiment.experiment_id,
    name: experiment.name,
    artifact_location: experiment.artifact_location,
    lifecycle_stage: experiment.lifecycle_stage,
    last_update_time: experiment.last_update_time,
    creation_time: experiment.creation_time,
    ...(experiment.tags.size > 0
      ? { tags: [...experiment.tags].map(([key, value]) => ({ key, value })) }
      : {}),
  });
  const getExperiment = (id: unknown) => {
    const experiment = experiments.get(String(id));
    if (experiment === undefined)
      throw new ApiError(404, "RESOURCE_DOES_NOT_EXIST", `No Experiment with id=${id} exists`);
    return experiment;
  };
  const getRun = (id: unknown) => {
    const run = runs.get(String(id));
    if (run === undefined) throw new ApiError(404, "RESOURCE_DOES_NOT_EXIST", `Run with id=${id} not found`);
    return run;
  };
  const activeRun = (id: unknown) => {
    const run = getRun(id);
    if (run.lifecycle_stage !== "active") {
      throw invalid(`The run ${run.run_id} must be in the 'active' state. Current state is deleted.`);
    }
    return run;
  };
  const infoJson = (run: StoredRun) => ({
    run_uuid: run.run_id,
    experiment_id: run.experiment_id,
    run_name: run.run_name,
    user_id: run.user_id,
    status: run.status,
    start_time: run.start_time,
    ...(run.end_time === undefined ? {} : { end_time: run.end_time }),
    artifact_uri: `mlflow-artifacts:/${run.experiment_id}/${run.run_id}/artifacts`,
    lifecycle_stage: run.lifecycle_stage,
    run_id: run.run_id,
  });
  const runJson = (run: StoredRun) => {
    const data: Record<string, unknown> = {};
    if (run.metrics.size > 0)
      data.metrics = [...run.metrics.values()].map((history) => wireMetric(latest(history)));
    if (run.params.size > 0) data.params = [...run.params].map(([key, value]) => ({ key, value }));
    if (run.tags.size > 0) data.tags = [...run.tags].map(([key, value]) => ({ key, value }));
    return { info: infoJson(run), data, inputs: {} };
  };
  const asRun = (run: StoredRun): Run => ({
    info: {
      runId: run.run_id,
      runName: run.run_name,
      experimentId: run.experiment_id,
      status: run.status,
      startTime: run.start_time,
      ...(run.end_time === undefined ? {} : { endTime: run.end_time }),
      artifactUri: "",
      lifecycleStage: run.lifecycle_stage,
      userId: run.user_id,
    },
    data: {
      params: Object.fromEntries(run.params),
      tags: Object.fromEntries(run.tags),
      metrics: Object.fromEntries([...run.metrics].map(([key, history]) => [key, latest(history)])),
    },
  });
  const checkKey = (key: unknown) => {
    if (typeof key !== "string" || !keyPattern.test(key)) {
      throw invalid(
        `Invalid value "${String(key)}" for parameter 'key' supplied: Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/).`,
      );
    }
  };
  const parseMetricValue = (value: unknown): number => {
    if (typeof value === "number") return value;
    if (value === "NaN") return Number.NaN;
    if (value === "Infinity") return MAX_DOUBLE;
    if (value === "-Infinity") return -MAX_DOUBLE;
    throw invalid(
      `Invalid value "${String(value)}" for parameter 'value' supplied:  Hint: Value was of type '${typeof value === "string" ? "str" : typeof value}'. See the API docs for more information about request parameters.`,
    );
  };
  const logMetric = (run: StoredRun, metric: Record<string, unknown>) => {
    checkKey(metric.key);
    if (metric.value === undefined) throw missing("value");
    if (metric.timestamp === undefined) throw missing("timestamp");
    const value = parseMetricValue(metric.value);
    const record: MetricRecord = {
      key: String(metric.key),
      value: Math.max(-MAX_DOUBLE, Math.min(MAX_DOUBLE, value)) || value,
      timestamp: Number(metric.timestamp),
      step: Number(metric.step ?? 0),
    };
    const history = run.metrics.get(record.key) ?? [];
    history.push(record);
    run.metrics.set(record.key, history);
  };

  const handlers: Record<string, (body: Record<string, unknown>, query: URLSearchParams) => unknown> = {
    "POST experiments/create": (body) => {
      if (typeof body.name !== "string" || body.name === "") throw missing("name");
      return { experiment_id: createExperiment(body.name, body.tags as { key: string; value: string }[]) };
    },
    "GET experiments/get": (_body, query) => ({
      experiment: experimentJson(getExperiment(query.get("experiment_id"))),
    }),
    "GET experiments/get-by-name": (_body, query) => {
      const name = query.get("experiment_name");
      const found = [...experiments.values()].find((experiment) => experiment.name === name);
      if (found === undefined)
        throw new ApiError(404, "RESOURCE_DOES_NOT_EXIST", `Could not find experiment with name '${name}'`);
      return { experiment: experimentJson(found) };
    },
    "POST experiments/search": (body) => {
      const view = (body.view_type as string | undefined) ?? "ACTIVE_ONLY";
      const all = [...experiments.values()]
        .filter(
          (experiment) =>
            view === "ALL" || (view === "ACTIVE_ONLY") === (experiment.lifecycle_stage === "active"),
        )
        .sort(
          (a, b) => b.creation_time - a.creation_time || Number(b.experiment_id) - Number(a.experiment_id),
        );
      const size = Math.min(Number(body.max_results ?? 1000), maxPage);
      const offset = readOffset(body.page_token as string | undefined);
      const page = all.slice(offset, offset + size);
      return {
        ...(page.length > 0 ? { experiments: page.map(experimentJson) } : {}),
        ...(offset + size < all.length ? { next_page_token: pageToken(offset + size) } : {}),
      };
    },
    "POST runs/create": (body) => {
      const experiment = getExperiment(body.experiment_id);
      const runId = randomUUID().replaceAll("-", "");
      const tags = new Map(
        ((body.tags as { key: string; value: string }[]) ?? []).map((tag) => [tag.key, tag.value]),
      );
      const runName =
        (body.run_name as string | undefined) ?? tags.get("mlflow.runName") ?? "inquisitive-foal-142";
      tags.set("mlflow.runName", runName);
      const run: StoredRun = {
        run_id: runId,
        experiment_id: experiment.experiment_id,
        run_name: runName,
        user_id: (body.user_id as string | undefined) ?? "",
        status: "RUNNING",
        start_time: Number(body.start_time ?? 0),
        lifecycle_stage: "active",
        params: new Map(),
        tags,
        metrics: new Map(),
      };
      runs.set(runId, run);
      return { run: runJson(run) };
    },
    "GET runs/get": (_body, query) => ({ run: { ...runJson(getRun(query.get("run_id"))), outputs: {} } }),
    "POST runs/update": (body) => {
      const run = getRun(body.run_id);
      const statuses = ["RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"];
      if (typeof body.status === "string" && statuses.includes(body.status))
        run.status = body.status as RunStatus;
      if (body.end_time !== undefined) run.end_time = Number(body.end_time);
      if (typeof body.run_name === "string") {
        run.run_name = body.run_name;
        run.tags.set("mlflow.runName", body.run_name);
      }
      return { run_info: infoJson(run) };
    },
    "POST runs/delete": (body) => {
      getRun(body.run_id).lifecycle_stage = "deleted";
      return {};
    },
    "POST runs/restore": (body) => {
      getRun(body.run_id).lifecycle_stage = "active";
      return {};
    },
    "POST runs/search": (body) => {
      const view = (body.run_view_type as string | undefined) ?? "ACTIVE_ONLY";
      const ids = (body.experiment_ids as string[]).map(String);
      const candidates = [...runs.values()]
        .filter((run) => ids.includes(run.experiment_id))
        .filter((run) => view === "ALL" || (view === "ACTIVE_ONLY") === (run.lifecycle_stage === "active"));
      let selected: Run[];
      try {
        selected = selectRuns(candidates.map(asRun), {
          filter: body.filter as string | undefined,
          orderBy: body.order_by as string[] | undefined,
        });
      } catch (error) {
        throw invalid((error as Error).message);
      }
      const size = Math.min(Number(body.max_results ?? 1000), maxPage);
      const offset = readOffset(body.page_token as string | undefined);
      const page = selected.slice(offset, offset + size);
      return {
        ...(page.length > 0 ? { runs: page.map((run) => runJson(runs.get(run.info.runId)!)) } : {}),
        ...(offset + size < selected.length ? { next_page_token: pageToken(offset + size) } : {}),
      };
    },
    "POST runs/log-parameter": (body) => {
      const run = activeRun(body.run_id);
      checkKey(body.key);
      const key = String(body.key);
      const value = String(body.value);
      const old = run.params.get(key);
      if (old !== undefined && old !== value) {
        throw invalid(
          `Changing param values is not allowed. Param with key='${key}' was already logged with value='${old}' for run ID='${run.run_id}'. Attempted logging new value '${value}'.`,
        );
      }
      run.params.set(key, value);
      return {};
    },
    "POST runs/log-metric": (body) => {
      logMetric(activeRun(body.run_id), body);
      return {};
    },
    "POST runs/set-tag": (body) => {
      const run = activeRun(body.run_id);
      checkKey(body.key);
      run.tags.set(String(body.key), String(body.value));
      if (body.key === "mlflow.runName") run.run_name = String(body.value);
      return {};
    },
    "POST runs/log-batch": (body) => {
      const run = activeRun(body.run_id);
      const metrics = (body.metrics as Record<string, unknown>[] | undefined) ?? [];
      const params = (body.params as { key: string; value: string }[] | undefined) ?? [];
      const tags = (body.tags as { key: string; value: string }[] | undefined) ?? [];
      for (const [kind, list, limit] of [
        ["metrics", metrics, 1000],
        ["params", params, 100],
        ["tags", tags, 100],
      ] as const) {
        if (list.length > limit) {
          throw invalid(
            `A batch logging request can contain at most ${limit} ${kind}. Got ${list.length} ${kind}. Please split up ${kind} across multiple requests and try again.`,
          );
        }
      }
      const conflicts = params.filter(
        (param) => run.params.has(param.key) && run.params.get(param.key) !== param.value,
      );
      if (conflicts.length > 0) {
        const listed = conflicts
          .map(
            (param) =>
              `{'key': '${param.key}', 'old_value': '${run.params.get(param.key)}', 'new_value': '${param.value}'}`,
          )
          .join(", ");
        throw invalid(
          `Changing param values is not allowed. Params were already logged='[${listed}]' for run ID='${run.run_id}'.`,
        );
      }
      for (const param of params) {
        checkKey(param.key);
        run.params.set(param.key, param.value);
      }
      for (const metric of metrics) logMetric(run, metric);
      for (const tag of tags) {
        checkKey(tag.key);
        run.tags.set(tag.key, tag.value);
      }
      return {};
    },
    "GET metrics/get-history": (_body, query) => {
      const run = getRun(query.get("run_id"));
      const history = run.metrics.get(query.get("metric_key") ?? "") ?? [];
      const maxResults = query.get("max_results");
      // Recorded quirk of MLflow 3.4/3.5: without max_results the page size reads as 0.
      const size = maxResults === null ? 0 : Number(maxResults);
      const offset = readOffset(query.get("page_token"));
      const page = history.slice(offset, offset + size);
      return {
        ...(page.length > 0 ? { metrics: page.map(wireMetric) } : {}),
        ...(offset + size < history.length ? { next_page_token: pageToken(offset + size) } : {}),
      };
    },
  };

  const send = (
    response: ServerResponse,
    status: number,
    body: string | Buffer,
    type = "application/json",
  ) => {
    response.writeHead(status, { "content-type": type });
    response.end(body);
  };

  const handleArtifacts = (
    request: IncomingMessage,
    url: URL,
    raw: Buffer,
  ): [number, string | Buffer, string?] => {
    const prefix = "/api/2.0/mlflow-artifacts/artifacts";
    const rest = decodeURIComponent(url.pathname.slice(prefix.length)).replace(/^\//, "");
    if (request.method === "PUT") {
      artifacts.set(rest, raw);
      return [200, "{}"];
    }
    if (rest === "") {
      const listed = (url.searchParams.get("path") ?? "").replace(/\/$/, "");
      const children = new Map<string, { path: string; is_dir: boolean; file_size?: number }>();
      for (const [path, content] of artifacts) {
        if (!path.startsWith(`${listed}/`)) continue;
        const [name, ...deeper] = path.slice(listed.length + 1).split("/");
        children.set(
          name!,
          deeper.length > 0
            ? { path: name!, is_dir: true }
            : { path: name!, is_dir: false, file_size: content.length },
        );
      }
      return [200, JSON.stringify(children.size > 0 ? { files: [...children.values()] } : {})];
    }
    const content = artifacts.get(rest);
    if (content === undefined)
      return [
        404,
        JSON.stringify({ error_code: "RESOURCE_DOES_NOT_EXIST", message: `File not found: ${rest}` }),
      ];
    return [200, content, "application/octet-stream"];
  };

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", async () => {
      const raw = Buffer.concat(chunks);
      const url = new URL(request.url ?? "/", "http://127.0.0.1");
      requests.push({
        method: request.method ?? "",
        path: url.pathname,
        query: url.searchParams,
        headers: request.headers,
        body: raw.toString(),
      });
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      const host = (request.headers.host ?? "").split(":")[0];
      if (host !== "127.0.0.1" && host !== "localhost") {
        send(response, 403, "Invalid Host header - possible DNS rebinding attack detected", "text/plain");
        return;
      }
      const fault = faults.findIndex((item) => url.pathname.endsWith(item.suffix));
      if (fault >= 0) {
        const status = faults.splice(fault, 1)[0]!.status;
        send(
          response,
          status!,
          status === 429 ? "Too Many Requests" : "<html><body>Service Unavailable</body></html>",
          "text/html",
        );
        return;
      }
      const expected = options.token
        ? `Bearer ${options.token}`
        : options.basic
          ? `Basic ${Buffer.from(`${options.basic.user}:${options.basic.password}`).toString("base64")}`
          : undefined;
      if (expected !== undefined && request.headers.authorization !== expected) {
        send(
          response,
          401,
          "You are not authenticated. Please see https://www.mlflow.org/docs/latest/auth/index.html",
          "text/plain",
        );
        return;
      }
      try {
        if (url.pathname.startsWith("/api/2.0/mlflow-artifacts/artifacts")) {
          const [status, body, type] = handleArtifacts(request, url, raw);
          send(response, status, body, type);
          return;
        }
        const endpoint = `${request.method} ${url.pathname.replace(/^\/api\/2\.0\/mlflow\//, "")}`;
        const handler = url.pathname.startsWith("/api/2.0/mlflow/") ? handlers[endpoint] : undefined;
        if (handler === undefined) {
          send(
            response,
            404,
            "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n",
            "text/html",
          );
          return;
        }
        let body: Record<string, unknown> = {};
        if (request.method === "POST") {
          const type = request.headers["content-type"];
          if (type === undefined)
            throw new ApiError(
              400,
              "INVALID_PARAMETER_VALUE",
              "Bad Request. Content-Type header is missing.",
            );
          if (!type.startsWith("application/json")) {
            throw new ApiError(
              400,
              "INVALID_PARAMETER_VALUE",
              "Bad Request. Content-Type must be one of ['application/json'].",
            );
          }
          body = JSON.parse(raw.toString() || "{}") as Record<string, unknown>;
        }
        send(response, 200, JSON.stringify(handler(body, url.searchParams), null, 2));
      } catch (error) {
        if (error instanceof ApiError) {
          send(
            response,
            error.status,
            JSON.stringify({ error_code: error.errorCode, message: error.message })
              .replace(/":"/g, '": "')
              .replace(/","/g, '", "'),
          );
        } else {
          send(response, 500, "<html><body><h1>Internal Server Error</h1></body></html>", "text/html");
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext: (suffix, statuses) => faults.push(...statuses.map((status) => ({ suffix, status }))),
    setDelay: (ms) => {
      delay = ms;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
