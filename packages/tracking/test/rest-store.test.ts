import { createServer } from "node:net";
import { MlflowServerError, RestStore, TrackingServerUnreachable } from "@iqf/tracking";
import { afterEach, describe, expect, it } from "vitest";
import { type MlflowTestServer, startMlflowTestServer } from "./helpers/mlflow-test-server.js";

let server: MlflowTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function bodies(test: MlflowTestServer, suffix: string): Record<string, unknown>[] {
  return test.requests
    .filter((request) => request.path.endsWith(suffix))
    .map((request) => JSON.parse(request.body));
}

describe("RestStore speaks MLflow's REST API as recorded", () => {
  it("sends JSON with Content-Type on POST, NaN/Infinity as strings, and int64 as numbers", async () => {
    server = await startMlflowTestServer();
    const store = new RestStore(server.url, { env: {} });
    const experimentId = await store.createExperiment("wire");
    const { info } = await store.createRun({ experimentId, runName: "w", startTime: 1700000000000 });
    await store.logMetric(info.runId, { key: "nan", value: Number.NaN, timestamp: 1700000005000 });
    await store.logBatch(info.runId, {
      metrics: [
        { key: "inf", value: Number.POSITIVE_INFINITY, timestamp: 1, step: 1 },
        { key: "ninf", value: Number.NEGATIVE_INFINITY, timestamp: 1, step: 1 },
      ],
    });
    const posts = server.requests.filter((request) => request.method === "POST");
    expect(posts.every((request) => request.headers["content-type"] === "application/json")).toBe(true);
    expect(server.requests.every((request) => request.headers.authorization === undefined)).toBe(true);
    expect(bodies(server, "runs/log-metric")[0]).toEqual({
      run_id: info.runId,
      key: "nan",
      value: "NaN",
      timestamp: 1700000005000,
      step: 0,
    });
    expect(server.requests.find((request) => request.path.endsWith("runs/log-metric"))?.body).toContain(
      '"value":"NaN"',
    );
    expect(
      (bodies(server, "runs/log-batch")[0]!.metrics as { value: unknown }[]).map((metric) => metric.value),
    ).toEqual(["Infinity", "-Infinity"]);
    expect(bodies(server, "runs/create")[0]).toMatchObject({
      experiment_id: experimentId,
      start_time: 1700000000000,
      run_name: "w",
    });
    const run = await store.getRun(info.runId);
    expect(run.data.metrics.nan?.value).toBeNaN();
    // The recorded SQL-backed server clamps ±Infinity to ±max double.
    expect(run.data.metrics.inf?.value).toBe(1.7976931348623157e308);
    expect(run.data.metrics.ninf?.value).toBe(-1.7976931348623157e308);
  });

  it("always sends max_results on metric history and follows next_page_token", async () => {
    server = await startMlflowTestServer();
    const store = new RestStore(server.url, { env: {} });
    const experimentId = await store.createExperiment("history");
    const { info } = await store.createRun({ experimentId, runName: "h" });
    await store.logBatch(info.runId, {
      metrics: Array.from({ length: 30_000 }, (_, step) => ({
        key: "loss",
        value: step,
        timestamp: step,
        step,
      })),
    });
    const history = await store.getMetricHistory(info.runId, "loss");
    expect(history).toHaveLength(30_000);
    expect(history[29_999]).toEqual({ key: "loss", value: 29_999, timestamp: 29_999, step: 29_999 });
    const historyRequests = server.requests.filter((request) => request.path.endsWith("metrics/get-history"));
    expect(historyRequests).toHaveLength(2);
    expect(historyRequests.every((request) => request.query.get("max_results") === "25000")).toBe(true);
    expect(historyRequests[1]!.query.get("page_token")).toBeTruthy();
    // log-batch requests stayed within MLflow's limits.
    const batches = bodies(server, "runs/log-batch");
    expect(batches).toHaveLength(30);
    expect(batches.every((batch) => (batch.metrics as unknown[]).length <= 1000)).toBe(true);
  });

  it("reproduces the server quirk it works around: history without max_results is empty", async () => {
    server = await startMlflowTestServer();
    const store = new RestStore(server.url, { env: {} });
    const experimentId = await store.createExperiment("quirk");
    const { info } = await store.createRun({ experimentId, runName: "q" });
    await store.logMetric(info.runId, { key: "loss", value: 1, timestamp: 1, step: 0 });
    const raw = await fetch(
      `${server.url}/api/2.0/mlflow/metrics/get-history?run_id=${info.runId}&metric_key=loss`,
    );
    expect(await raw.json()).toEqual({ next_page_token: "eyJvZmZzZXQiOiAwfQ==" });
    expect(await store.getMetricHistory(info.runId, "loss")).toHaveLength(1);
  });

  it("surfaces MLflow's error_code and message with the URI, for JSON and HTML error pages", async () => {
    server = await startMlflowTestServer();
    const store = new RestStore(server.url, { env: {} });
    const error = await store.getExperiment("999").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MlflowServerError);
    expect(error).toMatchObject({
      errorCode: "RESOURCE_DOES_NOT_EXIST",
      code: "RESOURCE_DOES_NOT_EXIST",
      httpStatus: 404,
    });
    expect((error as Error).message).toContain("No Experiment with id=999 exists");
    expect((error as Error).message).toContain(server.url);
    const raw = await fetch(`${server.url}/api/2.0/mlflow/experiments/create`, {
      method: "POST",
      body: "{}",
    });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toMatchObject({
      message: "Bad Request. Content-Type must be one of ['application/json'].",
    });
    const htmlServer = new RestStore(`${server.url}/not-mlflow`, { env: {}, maxRetries: 0 });
    const html = await htmlServer.listExperiments().catch((caught: unknown) => caught);
    expect(html).toMatchObject({ errorCode: "ENDPOINT_NOT_FOUND", httpStatus: 404 });
  });

  it("passes on a server's error_code outside iqf's list as mlflow:<code>, message unchanged", () => {
    const details = { message: "over quota", httpStatus: 429, endpoint: "runs/create", uri: "http://h" };
    const known = new MlflowServerError({ ...details, errorCode: "RESOURCE_DOES_NOT_EXIST" });
    const unknown = new MlflowServerError({ ...details, errorCode: "QUOTA_EXCEEDED" });
    expect(known).toMatchObject({ code: "RESOURCE_DOES_NOT_EXIST", errorCode: "RESOURCE_DOES_NOT_EXIST" });
    expect(unknown).toMatchObject({ code: "mlflow:QUOTA_EXCEEDED", errorCode: "mlflow:QUOTA_EXCEEDED" });
    expect(unknown.message).toBe(
      "MLflow server http://h answered runs/create with HTTP 429 QUOTA_EXCEEDED: over quota",
    );
  });

  it("retries 429 and 5xx answers with backoff, then succeeds", async () => {
    server = await startMlflowTestServer();
    const store = new RestStore(server.url, { env: {}, initialBackoffMs: 20, maxRetries: 3 });
    server.failNext("experiments/create", [429, 503, 502]);
    const started = Date.now();
    const experimentId = await store.createExperiment("retried");
    expect(Date.now() - started).toBeGreaterThanOrEqual(20 + 40 + 80 - 5);
    expect(server.requests.filter((request) => request.path.endsWith("experiments/create"))).toHaveLength(4);
    expect((await store.getExperiment(experimentId)).name).toBe("retried");
    server.failNext("experiments/get", [503, 503, 503, 503]);
    const failed = await store.getExperiment(experimentId).catch((caught: unknown) => caught);
    expect(failed).toMatchObject({ httpStatus: 503 });
  });

  it("gives up on an unreachable server after the retries, naming the URI without credentials", async () => {
    const port = await freePort();
    const store = new RestStore(`http://alice:s3cret@127.0.0.1:${port}`, {
      env: { MLFLOW_TRACKING_TOKEN: "tok-123" },
      maxRetries: 2,
      initialBackoffMs: 5,
    });
    const error = await store.listExperiments().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TrackingServerUnreachable);
    const message = (error as Error).message;
    expect(message).toContain(`http://127.0.0.1:${port}`);
    expect(message).toContain("3 attempt(s)");
    expect(message).toContain("ECONNREFUSED");
    expect(message).not.toMatch(/s3cret|alice|tok-123/);
  });

  it("times out slow answers", async () => {
    server = await startMlflowTestServer();
    server.setDelay(500);
    const store = new RestStore(server.url, { env: {}, timeoutMs: 50, maxRetries: 1, initialBackoffMs: 1 });
    const error = await store.listExperiments().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TrackingServerUnreachable);
    expect((error as Error).message).toContain("no answer within 50 ms");
  });

  it("sends MLFLOW_TRACKING_TOKEN as a bearer token", async () => {
    server = await startMlflowTestServer({ token: "tok-123" });
    const denied = await new RestStore(server.url, { env: {} })
      .listExperiments()
      .catch((caught: unknown) => caught);
    expect(denied).toMatchObject({ httpStatus: 401 });
    expect((denied as Error).message).not.toContain("tok-123");
    const store = new RestStore(server.url, { env: { MLFLOW_TRACKING_TOKEN: "tok-123" } });
    expect((await store.listExperiments()).map((experiment) => experiment.name)).toEqual(["Default"]);
    expect(server.requests.at(-1)?.headers.authorization).toBe("Bearer tok-123");
  });

  it("sends MLFLOW_TRACKING_USERNAME/PASSWORD as basic auth, also for artifacts", async () => {
    server = await startMlflowTestServer({ basic: { user: "alice", password: "pw:1" } });
    const store = new RestStore(server.url, {
      env: { MLFLOW_TRACKING_USERNAME: "alice", MLFLOW_TRACKING_PASSWORD: "pw:1" },
    });
    const experimentId = await store.createExperiment("auth");
    const { info } = await store.createRun({ experimentId, runName: "a" });
    expect(await store.listArtifacts(info.runId)).toEqual([]);
    const expected = `Basic ${Buffer.from("alice:pw:1").toString("base64")}`;
    expect(server.requests.every((request) => request.headers.authorization === expected)).toBe(true);
    const wrong = new RestStore(server.url, {
      env: { MLFLOW_TRACKING_USERNAME: "alice", MLFLOW_TRACKING_PASSWORD: "bad" },
    });
    const error = await wrong.listExperiments().catch((caught: unknown) => caught);
    expect((error as Error).message).not.toContain("bad");
  });

  it("uploads artifacts with PUT through the mlflow-artifacts proxy at the run's artifact path", async () => {
    server = await startMlflowTestServer();
    const store = new RestStore(server.url, { env: {} });
    const experimentId = await store.createExperiment("proxy");
    const { info } = await store.createRun({ experimentId, runName: "p" });
    expect(info.artifactUri).toBe(`mlflow-artifacts:/${experimentId}/${info.runId}/artifacts`);
    const { writeFile, mkdtemp, rm } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const folder = await mkdtemp(join(tmpdir(), "iqf-proxy-"));
    await writeFile(join(folder, "hello.txt"), "hello artifact\n");
    await store.logArtifact(info.runId, join(folder, "hello.txt"), "notes");
    await rm(folder, { recursive: true, force: true });
    const put = server.requests.find((request) => request.method === "PUT");
    expect(put?.path).toBe(
      `/api/2.0/mlflow-artifacts/artifacts/${experimentId}/${info.runId}/artifacts/notes/hello.txt`,
    );
    expect(put?.headers["content-type"]).toBe("application/octet-stream");
    expect(put?.body).toBe("hello artifact\n");
    await store.listArtifacts(info.runId, "notes");
    const list = server.requests.at(-1)!;
    expect(list.query.get("path")).toBe(`${experimentId}/${info.runId}/artifacts/notes`);
  });

  it("validates its options", () => {
    expect(() => new RestStore("http://127.0.0.1:1", { env: {}, maxRetries: -1 })).toThrow(/maxRetries/);
  });
});
