import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { TrackingError } from "@iqf/tracking";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openFileStoreUnderTest, openRestStoreUnderTest, type StoreUnderTest } from "./helpers/stores.js";

async function expectTrackingError(promise: Promise<unknown>, errorCode: string): Promise<TrackingError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TrackingError);
  expect((error as TrackingError).errorCode).toBe(errorCode);
  return error as TrackingError;
}

describe.each([
  ["FileStore", openFileStoreUnderTest],
  ["RestStore", openRestStoreUnderTest],
])("%s behaves as an MLflow tracking store", (_name, open) => {
  let subject: StoreUnderTest;
  beforeEach(async () => {
    subject = await open();
  });
  afterEach(async () => {
    await subject.dispose();
  });

  it("creates, gets, lists experiments and refuses duplicate names", async () => {
    const { store } = subject;
    const id = await store.createExperiment("exp-a", { tags: { team: "ts" } });
    const experiment = await store.getExperiment(id);
    expect(experiment).toMatchObject({
      experimentId: id,
      name: "exp-a",
      lifecycleStage: "active",
      tags: { team: "ts" },
    });
    expect(experiment.creationTime).toBeGreaterThan(0);
    expect((await store.getExperimentByName("exp-a"))?.experimentId).toBe(id);
    expect(await store.getExperimentByName("nope")).toBeUndefined();
    expect((await store.getOrCreateExperiment("exp-a")).experimentId).toBe(id);
    const other = await store.getOrCreateExperiment("exp-b");
    expect(other.experimentId).not.toBe(id);
    const names = (await store.listExperiments()).map((item) => item.name).sort();
    expect(names).toEqual(["Default", "exp-a", "exp-b"]);
    await expectTrackingError(store.createExperiment("exp-a"), "RESOURCE_ALREADY_EXISTS");
    await expectTrackingError(store.getExperiment("999"), "RESOURCE_DOES_NOT_EXIST");
  });

  it("creates runs with name, tags and start time, updates and deletes them", async () => {
    const { store } = subject;
    const experimentId = await store.createExperiment("runs");
    const created = await store.createRun({
      experimentId,
      runName: "first-run",
      startTime: 1700000000000,
      tags: { stage: "dev" },
    });
    expect(created.info).toMatchObject({
      runName: "first-run",
      status: "RUNNING",
      startTime: 1700000000000,
      experimentId,
    });
    expect(created.info.runId).toMatch(/^[0-9a-f]{32}$/);
    expect(created.info.endTime).toBeUndefined();
    expect(created.data.tags).toMatchObject({ stage: "dev", "mlflow.runName": "first-run" });
    const updated = await store.updateRun(created.info.runId, { status: "FINISHED", endTime: 1700000010000 });
    expect(updated).toMatchObject({ status: "FINISHED", endTime: 1700000010000, runName: "first-run" });
    const renamed = await store.updateRun(created.info.runId, { runName: "renamed" });
    expect(renamed.runName).toBe("renamed");
    const fetched = await store.getRun(created.info.runId);
    expect(fetched.info).toMatchObject({ runName: "renamed", status: "FINISHED", endTime: 1700000010000 });
    expect(fetched.data.tags["mlflow.runName"]).toBe("renamed");
    const generated = await store.createRun({ experimentId });
    expect(generated.info.runName).toMatch(/\S/);
    await store.deleteRun(generated.info.runId);
    expect((await store.searchRuns({ experimentIds: [experimentId] })).map((run) => run.info.runId)).toEqual([
      created.info.runId,
    ]);
    const deleted = await store.searchRuns({ experimentIds: [experimentId], viewType: "DELETED_ONLY" });
    expect(deleted.map((run) => run.info.lifecycleStage)).toEqual(["deleted"]);
    expect(await store.searchRuns({ experimentIds: [experimentId], viewType: "ALL" })).toHaveLength(2);
    await expectTrackingError(store.getRun("00000000000000000000000000000000"), "RESOURCE_DOES_NOT_EXIST");
    const refused = await expectTrackingError(
      store.logParam(generated.info.runId, "x", "1"),
      "INVALID_PARAMETER_VALUE",
    );
    expect(refused.message).toContain("active");
  });

  it("keeps params write-once: same value is fine, another value is an error naming both", async () => {
    const { store } = subject;
    const experimentId = await store.createExperiment("params");
    const { info } = await store.createRun({ experimentId, runName: "p" });
    await store.logParam(info.runId, "lr", "0.01");
    await store.logParam(info.runId, "lr", "0.01");
    const error = await expectTrackingError(
      store.logParam(info.runId, "lr", "0.02"),
      "INVALID_PARAMETER_VALUE",
    );
    expect(error.message).toContain("0.01");
    expect(error.message).toContain("0.02");
    const batchError = await expectTrackingError(
      store.logBatch(info.runId, { params: [{ key: "lr", value: "0.5" }] }),
      "INVALID_PARAMETER_VALUE",
    );
    expect(batchError.message).toContain("0.5");
    await store.logParam(info.runId, "nested/key", "v");
    expect((await store.getRun(info.runId)).data.params).toEqual({ lr: "0.01", "nested/key": "v" });
    await expectTrackingError(store.logParam(info.runId, "bad key!", "x"), "INVALID_PARAMETER_VALUE");
  });

  it("logs metrics and picks the latest by step, then timestamp, then value", async () => {
    const { store } = subject;
    const experimentId = await store.createExperiment("metrics");
    const { info } = await store.createRun({ experimentId, runName: "m" });
    await store.logMetric(info.runId, { key: "loss", value: 0.5, timestamp: 1000, step: 0 });
    await store.logMetric(info.runId, { key: "loss", value: 0.25, timestamp: 3000, step: 2 });
    await store.logMetric(info.runId, { key: "loss", value: 0.75, timestamp: 5000, step: 1 });
    await store.logBatch(info.runId, {
      metrics: [
        { key: "tie", value: 1, timestamp: 10, step: 3 },
        { key: "tie", value: 3, timestamp: 10, step: 3 },
        { key: "tie", value: 2, timestamp: 10, step: 3 },
        { key: "ts", value: 9, timestamp: 20, step: 1 },
        { key: "ts", value: 4, timestamp: 30, step: 1 },
        { key: "nan", value: Number.NaN, timestamp: 1, step: 0 },
        { key: "a/b", value: 1.5, timestamp: 1, step: 0 },
      ],
    });
    const { metrics } = (await store.getRun(info.runId)).data;
    expect(metrics.loss).toEqual({ key: "loss", value: 0.25, timestamp: 3000, step: 2 });
    expect(metrics.tie?.value).toBe(3);
    expect(metrics.ts?.value).toBe(4);
    expect(metrics.nan?.value).toBeNaN();
    expect(metrics["a/b"]?.value).toBe(1.5);
    expect(
      (await store.getMetricHistory(info.runId, "loss")).map((metric) => [metric.step, metric.value]),
    ).toEqual([
      [0, 0.5],
      [2, 0.25],
      [1, 0.75],
    ]);
    expect(await store.getMetricHistory(info.runId, "nosuch")).toEqual([]);
    const now = Date.now();
    await store.logMetric(info.runId, { key: "defaults", value: 7 });
    const [defaults] = await store.getMetricHistory(info.runId, "defaults");
    expect(defaults?.step).toBe(0);
    expect(defaults?.timestamp).toBeGreaterThanOrEqual(now - 1000);
  });

  it("logs batches larger than MLflow's per-request limits", async () => {
    const { store } = subject;
    const experimentId = await store.createExperiment("big-batch");
    const { info } = await store.createRun({ experimentId, runName: "b" });
    const metrics = Array.from({ length: 2500 }, (_, step) => ({
      key: "series",
      value: step / 10,
      timestamp: 1000 + step,
      step,
    }));
    const params = Array.from({ length: 250 }, (_, index) => ({ key: `p${index}`, value: String(index) }));
    const tags = Array.from({ length: 150 }, (_, index) => ({ key: `t${index}`, value: `v${index}` }));
    await store.logBatch(info.runId, { metrics, params, tags });
    const run = await store.getRun(info.runId);
    expect(Object.keys(run.data.params)).toHaveLength(250);
    expect(Object.keys(run.data.tags).filter((key) => key.startsWith("t"))).toHaveLength(150);
    expect(run.data.metrics.series).toEqual({ key: "series", value: 249.9, timestamp: 3499, step: 2499 });
    expect(await store.getMetricHistory(info.runId, "series")).toHaveLength(2500);
  });

  it("overwrites tags", async () => {
    const { store } = subject;
    const experimentId = await store.createExperiment("tags");
    const { info } = await store.createRun({ experimentId, runName: "t" });
    await store.setTag(info.runId, "note", "one");
    await store.setTag(info.runId, "note", "two");
    await store.setTag(info.runId, "mlflow.note.content", "# markdown\nnote");
    expect((await store.getRun(info.runId)).data.tags).toMatchObject({
      note: "two",
      "mlflow.note.content": "# markdown\nnote",
    });
  });

  it("searches with filters and order, following every page", async () => {
    const { store } = subject;
    const experimentId = await store.createExperiment("search");
    for (let index = 0; index < 23; index++) {
      const { info } = await store.createRun({
        experimentId,
        runName: `run-${index}`,
        startTime: 1700000000000 + index * 1000,
        tags: { parity: index % 2 === 0 ? "even" : "odd" },
      });
      await store.logBatch(info.runId, {
        params: [
          { key: "lr", value: index % 3 === 0 ? "0.1" : "0.01" },
          { key: "model name", value: index < 5 ? "ResNet" : "mlp" },
        ],
        metrics: [{ key: "rmse", value: index / 10, timestamp: 1, step: 0 }],
      });
      await store.updateRun(info.runId, {
        status: index % 4 === 0 ? "FAILED" : "FINISHED",
        endTime: 1700000100000,
      });
    }
    const ids = [experimentId];
    const all = await store.searchRuns({ experimentIds: ids });
    expect(all).toHaveLength(23);
    expect(all.map((run) => run.info.runName).slice(0, 3)).toEqual(["run-22", "run-21", "run-20"]);
    const names = async (filter: string, orderBy?: string[]) =>
      (await store.searchRuns({ experimentIds: ids, filter, ...(orderBy ? { orderBy } : {}) })).map(
        (run) => run.info.runName,
      );
    expect(await names("metrics.rmse < 0.3", ["metrics.rmse ASC"])).toEqual(["run-0", "run-1", "run-2"]);
    expect(await names("metrics.rmse >= 2.1 and params.lr = '0.1'")).toEqual(["run-21"]);
    expect(await names("params.lr != '0.1' and metrics.rmse <= 0.2", ["metrics.rmse DESC"])).toEqual([
      "run-2",
      "run-1",
    ]);
    expect((await names("attributes.status = 'FAILED'")).sort()).toEqual([
      "run-0",
      "run-12",
      "run-16",
      "run-20",
      "run-4",
      "run-8",
    ]);
    expect(await names("tags.parity = 'odd' and metrics.rmse > 1.8")).toEqual(["run-21", "run-19"]);
    expect(await names("attributes.run_name LIKE 'run-1_'", ["attributes.start_time ASC"])).toHaveLength(10);
    expect(await names("attributes.run_name ILIKE 'RUN-2%'")).toEqual([
      "run-22",
      "run-21",
      "run-20",
      "run-2",
    ]);
    expect(await names("params.`model name` = 'ResNet' and metrics.rmse > 0.25")).toEqual(["run-4", "run-3"]);
    expect(await names("tags.parity IN ('even') and metrics.rmse < 0.3")).toEqual(["run-2", "run-0"]);
    expect(await names("attributes.start_time > 1700000020000")).toEqual(["run-22", "run-21"]);
    expect(await names("metrics.rmse < 0.2", ["params.lr ASC", "metrics.rmse DESC"])).toEqual([
      "run-1",
      "run-0",
    ]);
    expect(await store.searchRuns({ experimentIds: ids, maxResults: 9 })).toHaveLength(9);
    await expectTrackingError(
      store.searchRuns({ experimentIds: ids, filter: "metrics.rmse <<< 3" }),
      "INVALID_PARAMETER_VALUE",
    );
  });

  it("logs, lists and downloads artifacts (files and folders)", async () => {
    const { store, folder } = subject;
    const experimentId = await store.createExperiment("artifacts");
    const { info } = await store.createRun({ experimentId, runName: "a" });
    const source = join(folder, "out");
    await mkdir(join(source, "nested", "deeper"), { recursive: true });
    await writeFile(join(source, "results.json"), '{"rmse": 0.5}');
    await writeFile(join(source, "nested", "deeper", "bytes.bin"), Buffer.from([0, 1, 2, 200, 255]));
    await writeFile(join(folder, "summary.txt"), "hello artifact\n");
    await store.logArtifact(info.runId, source);
    await store.logArtifact(info.runId, join(folder, "summary.txt"), "notes");
    expect(await store.listArtifacts(info.runId)).toEqual([
      { path: "nested", isDir: true },
      { path: "notes", isDir: true },
      { path: "results.json", isDir: false, fileSize: 13 },
    ]);
    expect(await store.listArtifacts(info.runId, "notes")).toEqual([
      { path: "notes/summary.txt", isDir: false, fileSize: 15 },
    ]);
    expect(await store.listArtifacts(info.runId, "nested/deeper")).toEqual([
      { path: "nested/deeper/bytes.bin", isDir: false, fileSize: 5 },
    ]);
    const file = await store.downloadArtifacts(info.runId, "notes/summary.txt", join(folder, "down1"));
    expect(await readFile(file, "utf8")).toBe("hello artifact\n");
    const tree = await store.downloadArtifacts(info.runId, "nested", join(folder, "down2"));
    expect([...(await readFile(join(tree, "deeper", "bytes.bin")))]).toEqual([0, 1, 2, 200, 255]);
    const everything = await store.downloadArtifacts(info.runId, "", join(folder, "down3"));
    expect(await readFile(join(everything, "results.json"), "utf8")).toBe('{"rmse": 0.5}');
    await expectTrackingError(
      store.downloadArtifacts(info.runId, "missing.txt", join(folder, "down4")),
      "RESOURCE_DOES_NOT_EXIST",
    );
  });
});
