import { appendFile, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { InvalidFile } from "@iqf/core";
import { FileStore, type TrackingError } from "@iqf/tracking";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { temporaryFolder } from "./helpers/stores.js";

async function allFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.map((entry) => join(entry.parentPath, entry.name).slice(folder.length + 1)).sort();
}

describe("FileStore writes MLflow's layout byte for byte", () => {
  let folder: string;
  let root: string;
  let store: FileStore;
  beforeEach(async () => {
    folder = await temporaryFolder();
    root = join(folder, "mlruns");
    store = new FileStore(pathToFileURL(root).href);
  });
  afterEach(async () => {
    const { rm } = await import("node:fs/promises");
    await rm(folder, { recursive: true, force: true });
  });

  it("creates .trash and the Default experiment 0 like MLflow, then the experiment and run files", async () => {
    const experimentId = await store.createExperiment("layout", { tags: { project: "ts" } });
    expect(experimentId).toMatch(/^[1-9]\d{17}$/);
    const defaultMeta = await readFile(join(root, "0", "meta.yaml"), "utf8");
    expect(defaultMeta).toMatch(
      new RegExp(
        `^artifact_location: ${pathToFileURL(join(root, "0")).href}\\ncreation_time: \\d{13}\\nexperiment_id: '0'\\nlast_update_time: \\d{13}\\nlifecycle_stage: active\\nname: Default\\n$`,
      ),
    );
    expect(await readFile(join(root, experimentId, "tags", "project"), "utf8")).toBe("ts");
    const { info } = await store.createRun({ experimentId, runName: "run-alpha", startTime: 1700000000000 });
    const runDir = join(root, experimentId, info.runId);
    expect(await readFile(join(runDir, "meta.yaml"), "utf8")).toBe(
      [
        `artifact_uri: ${pathToFileURL(join(runDir, "artifacts")).href}`,
        "end_time: null",
        "entry_point_name: ''",
        `experiment_id: '${experimentId}'`,
        "lifecycle_stage: active",
        `run_id: ${info.runId}`,
        "run_name: run-alpha",
        "source_name: ''",
        "source_type: 4",
        "source_version: ''",
        "start_time: 1700000000000",
        "status: 1",
        "tags: []",
        "user_id: unknown",
        "",
      ].join("\n"),
    );
    await store.logParam(info.runId, "lr", "0.01");
    await store.logParam(info.runId, "nested/key", "v");
    await store.setTag(info.runId, "stage", "dev");
    await store.logBatch(info.runId, {
      metrics: [
        { key: "loss", value: 1, timestamp: 1700000001000, step: 0 },
        { key: "loss", value: 0.0625, timestamp: 1700000001100, step: 1 },
        { key: "loss", value: 1e-5, timestamp: 1700000001200, step: 2 },
        { key: "odd", value: Number.NaN, timestamp: 1, step: 0 },
        { key: "odd", value: Number.POSITIVE_INFINITY, timestamp: 2, step: 1 },
        { key: "odd", value: Number.NEGATIVE_INFINITY, timestamp: 3, step: 2 },
      ],
    });
    await store.updateRun(info.runId, { status: "FINISHED", endTime: 1700000009000 });
    expect(await readFile(join(runDir, "params", "lr"), "utf8")).toBe("0.01");
    expect(await readFile(join(runDir, "params", "nested", "key"), "utf8")).toBe("v");
    expect(await readFile(join(runDir, "tags", "mlflow.runName"), "utf8")).toBe("run-alpha");
    expect(await readFile(join(runDir, "metrics", "loss"), "utf8")).toBe(
      "1700000001000 1.0 0\n1700000001100 0.0625 1\n1700000001200 1e-05 2\n",
    );
    expect(await readFile(join(runDir, "metrics", "odd"), "utf8")).toBe("1 nan 0\n2 inf 1\n3 -inf 2\n");
    expect((await store.getRun(info.runId)).data.metrics.odd?.value).toBe(Number.NEGATIVE_INFINITY);
    const meta = await readFile(join(runDir, "meta.yaml"), "utf8");
    expect(meta).toContain("\nend_time: 1700000009000\n");
    expect(meta).toContain("\nstatus: 3\n");
    expect(await allFiles(root)).toEqual(
      [
        ".trash",
        "0",
        "0/meta.yaml",
        "0/tags",
        experimentId,
        `${experimentId}/${info.runId}`,
        `${experimentId}/${info.runId}/artifacts`,
        `${experimentId}/${info.runId}/meta.yaml`,
        `${experimentId}/${info.runId}/metrics`,
        `${experimentId}/${info.runId}/metrics/loss`,
        `${experimentId}/${info.runId}/metrics/odd`,
        `${experimentId}/${info.runId}/params`,
        `${experimentId}/${info.runId}/params/lr`,
        `${experimentId}/${info.runId}/params/nested`,
        `${experimentId}/${info.runId}/params/nested/key`,
        `${experimentId}/${info.runId}/tags`,
        `${experimentId}/${info.runId}/tags/mlflow.runName`,
        `${experimentId}/${info.runId}/tags/stage`,
        `${experimentId}/meta.yaml`,
        `${experimentId}/tags`,
        `${experimentId}/tags/project`,
      ].sort(),
    );
    await store.deleteRun(info.runId);
    const deleted = await readFile(join(runDir, "meta.yaml"), "utf8");
    expect(deleted).toMatch(/\ndeleted_time: \d{13}\n/);
    expect(deleted).toContain("\nlifecycle_stage: deleted\n");
  });

  it("tolerates a torn last metric line and repairs it on the next write", async () => {
    const experimentId = await store.createExperiment("torn");
    const { info } = await store.createRun({ experimentId, runName: "t" });
    await store.logMetric(info.runId, { key: "loss", value: 0.5, timestamp: 1000, step: 0 });
    const file = join(root, experimentId, info.runId, "metrics", "loss");
    await appendFile(file, "1700000002000 0.2");
    expect((await store.getRun(info.runId)).data.metrics.loss?.value).toBe(0.5);
    expect(await store.getMetricHistory(info.runId, "loss")).toHaveLength(1);
    const otherProcessView = new FileStore(root);
    await otherProcessView.logMetric(info.runId, { key: "loss", value: 0.25, timestamp: 2000, step: 1 });
    expect(await readFile(file, "utf8")).toBe("1000 0.5 0\n2000 0.25 1\n");
  });

  it("names the file and line of a malformed meta.yaml or metric file, and can skip such runs in a search", async () => {
    const experimentId = await store.createExperiment("broken");
    const good = await store.createRun({ experimentId, runName: "good" });
    const badMeta = await store.createRun({ experimentId, runName: "bad-meta" });
    const badMetric = await store.createRun({ experimentId, runName: "bad-metric" });
    const metaPath = join(root, experimentId, badMeta.info.runId, "meta.yaml");
    await writeFile(metaPath, (await readFile(metaPath, "utf8")).replace("status: 1", "status: FINISHED"));
    const metricPath = join(root, experimentId, badMetric.info.runId, "metrics", "loss");
    await writeFile(metricPath, "1000 0.5 0\n1001 abc 1\n");
    const metaError = await store.getRun(badMeta.info.runId).catch((error: unknown) => error);
    expect(metaError).toBeInstanceOf(InvalidFile);
    expect((metaError as Error).message).toContain(metaPath);
    expect((metaError as Error).message).toContain("line 12");
    expect((metaError as Error).message).toContain("status");
    const metricError = await store.getRun(badMetric.info.runId).catch((error: unknown) => error);
    expect((metricError as Error).message).toBe(`${metricPath}: line 2: the value is not a number`);
    await writeFile(metricPath, "1000 0.5 0 extra\n");
    expect(
      ((await store.getRun(badMetric.info.runId).catch((error: unknown) => error)) as Error).message,
    ).toContain("line 1");
    await expect(store.searchRuns({ experimentIds: [experimentId] })).rejects.toBeInstanceOf(InvalidFile);
    const skipped: string[] = [];
    const runs = await store.searchRuns({
      experimentIds: [experimentId],
      onInvalidRun: (error, runFolder) => skipped.push(`${runFolder}: ${(error as TrackingError).code}`),
    });
    expect(runs.map((run) => run.info.runId)).toEqual([good.info.runId]);
    expect(skipped.sort()).toEqual(
      [`${badMeta.info.runId}: INVALID_FILE`, `${badMetric.info.runId}: INVALID_FILE`].sort(),
    );
  });

  it("reads back run names with '#', '=', ',' and parentheses, and filters on tags before reading runs", async () => {
    const experimentId = await store.createExperiment("names");
    const names = ["ds#jpg_quality50", "a=b,c (d)", "x #y", "plain"];
    for (const [index, runName] of names.entries()) {
      const tags: Record<string, string> = index % 2 === 0 ? { "iqf/cell": `c${index}`, kind: "even" } : {};
      const { info } = await store.createRun({ experimentId, runName, startTime: 1000 + index, tags });
      expect((await store.getRun(info.runId)).info.runName).toBe(runName);
      const meta = await readFile(join(root, experimentId, info.runId, "meta.yaml"), "utf8");
      expect(meta).toContain(`\nrun_name: ${runName === "x #y" ? "'x #y'" : runName}\n`);
      expect(meta).toContain(`\nexperiment_id: '${experimentId}'\n`);
    }
    const search = async (filter: string) =>
      (await store.searchRuns({ experimentIds: [experimentId], filter })).map((run) => run.info.runName);
    expect(await search("tags.`iqf/cell` = 'c2'")).toEqual(["x #y"]);
    expect(await search("tags.kind = 'even' and attributes.run_name LIKE 'ds%'")).toEqual([
      "ds#jpg_quality50",
    ]);
    expect(await search("tags.kind != 'even'")).toEqual([]);
    expect(await search("tags.kind IN ('even', 'odd')")).toEqual(["x #y", "ds#jpg_quality50"]);
  });

  it("reads large experiments on worker threads with the same results and typed errors", async () => {
    const experimentId = await store.createExperiment("large");
    const ids: string[] = [];
    for (let index = 0; index < 240; index++) {
      const { info } = await store.createRun({ experimentId, runName: `r${index}`, startTime: 1000 + index });
      await store.logBatch(info.runId, {
        params: [{ key: "i", value: String(index) }],
        metrics: [
          { key: "m", value: index, timestamp: 1, step: 1 },
          { key: "m", value: -1, timestamp: 2, step: 0 },
        ],
      });
      ids.push(info.runId);
    }
    const broken = join(root, experimentId, ids[7]!, "metrics", "m");
    await appendFile(broken, "5 x 2\n");
    const skipped: Error[] = [];
    const runs = await store.searchRuns({
      experimentIds: [experimentId],
      onInvalidRun: (error) => skipped.push(error),
    });
    expect(runs).toHaveLength(239);
    expect(runs[0]?.info.runName).toBe("r239");
    expect(runs.every((run) => run.data.metrics.m?.value === Number(run.data.params.i))).toBe(true);
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toBeInstanceOf(InvalidFile);
    expect(skipped[0]?.message).toBe(`${broken}: line 3: the value is not a number`);
    await expect(store.searchRuns({ experimentIds: [experimentId] })).rejects.toBeInstanceOf(InvalidFile);
  });

  it("takes over an experiments lock left by a process that died", async () => {
    await store.createExperiment("first");
    await writeFile(join(root, ".iqf-experiments.lock"), "2147483646");
    const started = Date.now();
    expect(await store.createExperiment("second")).toMatch(/^\d{18}$/);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await readdir(root)).not.toContain(".iqf-experiments.lock");
  });

  it("reads 2-field and 5-field metric lines as MLflow does", async () => {
    const experimentId = await store.createExperiment("fields");
    const { info } = await store.createRun({ experimentId, runName: "f" });
    await writeFile(join(root, experimentId, info.runId, "metrics", "m"), "5 1.5\n6 2.5 3 ds digest\n");
    expect(await store.getMetricHistory(info.runId, "m")).toEqual([
      { key: "m", value: 1.5, timestamp: 5, step: 0 },
      { key: "m", value: 2.5, timestamp: 6, step: 3 },
    ]);
  });
});
