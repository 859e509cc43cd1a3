import { cp, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FileStore } from "@iqf/tracking";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { temporaryFolder } from "./helpers/stores.js";

const sample = fileURLToPath(
  new URL("../../../fixtures/reference/mlflow/mlruns-sample/mlruns", import.meta.url),
);
const experimentId = "131490987086432221";
const alpha = "d6679a38c13d4d23aace708b03e2acf7";
const beta = "ee020ce681ce46ce8ff71df7863087ba";

describe("FileStore reads the store written by MLflow 3.5's own client (mlruns-sample)", () => {
  let folder: string;
  let store: FileStore;
  beforeAll(async () => {
    folder = await temporaryFolder();
    await cp(sample, join(folder, "mlruns"), { recursive: true });
    store = new FileStore(join(folder, "mlruns"));
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it("reads both experiments with every field", async () => {
    expect(await store.listExperiments()).toEqual([
      {
        experimentId,
        name: "sample-exp",
        artifactLocation: `/abs/mlruns/${experimentId}`,
        lifecycleStage: "active",
        creationTime: 1795582657248,
        lastUpdateTime: 1795582657248,
        tags: { project: "ts-port" },
      },
      {
        experimentId: "0",
        name: "Default",
        artifactLocation: "/abs/mlruns/0",
        lifecycleStage: "active",
        creationTime: 1795582657246,
        lastUpdateTime: 1795582657246,
        tags: {},
      },
    ]);
    expect((await store.getExperimentByName("sample-exp"))?.experimentId).toBe(experimentId);
  });

  it("reads every value of run-alpha", async () => {
    expect(await store.getRun(alpha)).toEqual({
      info: {
        runId: alpha,
        runName: "run-alpha",
        experimentId,
        status: "FINISHED",
        startTime: 1700000000000,
        endTime: 1700000009000,
        artifactUri: `/abs/mlruns/${experimentId}/${alpha}/artifacts`,
        lifecycleStage: "active",
        userId: "unknown",
      },
      data: {
        params: { lr: "0.01", optimizer: "adam" },
        metrics: {
          accuracy: { key: "accuracy", value: 0.9, timestamp: 1700000002000, step: 0 },
          loss: { key: "loss", value: 0.0625, timestamp: 1700000001400, step: 4 },
        },
        tags: {
          idx: "0",
          "mlflow.note.content": "note for run-alpha",
          "mlflow.runName": "run-alpha",
          stage: "dev",
        },
      },
    });
    expect(await store.getMetricHistory(alpha, "loss")).toEqual(
      [1.0, 0.5, 0.25, 0.125, 0.0625].map((value, step) => ({
        key: "loss",
        value,
        timestamp: 1700000001000 + 100 * step,
        step,
      })),
    );
  });

  it("reads every value of run-beta", async () => {
    expect(await store.getRun(beta)).toEqual({
      info: {
        runId: beta,
        runName: "run-beta",
        experimentId,
        status: "FAILED",
        startTime: 1700000001000,
        endTime: 1700000009001,
        artifactUri: `/abs/mlruns/${experimentId}/${beta}/artifacts`,
        lifecycleStage: "active",
        userId: "unknown",
      },
      data: {
        params: { lr: "0.02", optimizer: "adam" },
        metrics: {
          accuracy: { key: "accuracy", value: 0.91, timestamp: 1700000002000, step: 0 },
          loss: { key: "loss", value: 0.125, timestamp: 1700000001400, step: 4 },
        },
        tags: {
          idx: "1",
          "mlflow.note.content": "note for run-beta",
          "mlflow.runName": "run-beta",
          stage: "dev",
        },
      },
    });
    expect((await store.getMetricHistory(beta, "loss")).map((metric) => metric.value)).toEqual([
      2.0, 1.0, 0.5, 0.25, 0.125,
    ]);
    expect(await store.getMetricHistory(beta, "accuracy")).toEqual([
      { key: "accuracy", value: 0.91, timestamp: 1700000002000, step: 0 },
    ]);
  });

  it("searches the sample in MLflow's default order and with filters", async () => {
    const runs = await store.searchRuns({ experimentIds: [experimentId] });
    expect(runs.map((run) => run.info.runName)).toEqual(["run-beta", "run-alpha"]);
    const failed = await store.searchRuns({
      experimentIds: [experimentId],
      filter: "attributes.status = 'FAILED'",
    });
    expect(failed.map((run) => run.info.runId)).toEqual([beta]);
    const lowLoss = await store.searchRuns({
      experimentIds: [experimentId],
      filter: "metrics.loss < 0.1 and params.lr = '0.01'",
    });
    expect(lowLoss.map((run) => run.info.runId)).toEqual([alpha]);
  });

  it("lists and downloads the sample's artifacts from the run folders (stored /abs paths do not exist here)", async () => {
    expect(await store.listArtifacts(alpha)).toEqual([
      { path: "reports", isDir: true },
      { path: "summary.txt", isDir: false, fileSize: 21 },
    ]);
    expect(await store.listArtifacts(beta, "reports/nested")).toEqual([
      { path: "reports/nested/summary.txt", isDir: false, fileSize: 20 },
    ]);
    const { readFile } = await import("node:fs/promises");
    const file = await store.downloadArtifacts(beta, "reports/nested/summary.txt", join(folder, "down"));
    expect(await readFile(file, "utf8")).toBe("summary of run-beta\n");
  });

  it("adds a run to the sample's experiment in the same layout", async () => {
    const { info } = await store.createRun({ experimentId, runName: "run-gamma", startTime: 1700000002000 });
    const runs = await store.searchRuns({ experimentIds: [experimentId] });
    expect(runs.map((run) => run.info.runName)).toEqual(["run-gamma", "run-beta", "run-alpha"]);
    expect(info.artifactUri).toBe(join(folder, "mlruns", experimentId, info.runId, "artifacts"));
  });
});
