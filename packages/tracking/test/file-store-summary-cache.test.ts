import { appendFile, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { FileStore, type Run } from "@iqf/tracking";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { temporaryFolder } from "./helpers/stores.js";

const cacheName = ".iqf-run-summaries.json";
/** Runs are cached only once their files are a second old (see isSettled). */
const settle = () => sleep(1100);

describe("FileStore run summary cache", () => {
  let folder: string;
  let root: string;
  let experimentId: string;
  let finished: Run;
  let running: Run;
  beforeEach(async () => {
    folder = await temporaryFolder();
    root = join(folder, "mlruns");
    const store = new FileStore(root);
    experimentId = await store.createExperiment("cached");
    finished = await store.createRun({ experimentId, runName: "done", tags: { note: "abc" } });
    await store.logBatch(finished.info.runId, {
      params: [{ key: "lr", value: "0.1" }],
      metrics: [
        { key: "loss", value: 2, timestamp: 10, step: 0 },
        { key: "loss", value: 1, timestamp: 20, step: 1 },
        { key: "odd", value: Number.NaN, timestamp: 5, step: 0 },
        { key: "neg", value: -0, timestamp: 5, step: 0 },
        { key: "big", value: Number.NEGATIVE_INFINITY, timestamp: 5, step: 0 },
      ],
    });
    await store.updateRun(finished.info.runId, { status: "FINISHED", endTime: 30 });
    const failed = await store.createRun({ experimentId, runName: "failed" });
    await store.logMetric(failed.info.runId, { key: "loss", value: 3, timestamp: 1, step: 0 });
    await store.updateRun(failed.info.runId, { status: "FAILED", endTime: 40 });
    running = await store.createRun({ experimentId, runName: "running" });
    await store.logMetric(running.info.runId, { key: "loss", value: 4, timestamp: 1, step: 0 });
    const nested = await store.createRun({ experimentId, runName: "nested" });
    await store.logMetric(nested.info.runId, { key: "a/b", value: 5, timestamp: 1, step: 0 });
    await store.updateRun(nested.info.runId, { status: "FINISHED", endTime: 50 });
    await settle();
  });
  afterEach(() => rm(folder, { recursive: true, force: true }));

  /** Every run of the experiment as a fresh store reads it, with or without the cache file. */
  async function search(withCache: boolean): Promise<Run[]> {
    if (!withCache) await rm(join(root, experimentId, cacheName), { force: true });
    return new FileStore(root).searchRuns({
      experimentIds: [experimentId],
      orderBy: ["attributes.run_name ASC"],
    });
  }
  async function cachedRunIds(): Promise<string[]> {
    const cache = JSON.parse(await readFile(join(root, experimentId, cacheName), "utf8"));
    return Object.keys(cache.runs).sort();
  }
  const byName = (runs: Run[], name: string) => runs.find((run) => run.info.runName === name)!;

  it("caches terminated flat runs only, and a cached read equals a full read", async () => {
    const full = await search(false);
    const nested = byName(full, "nested").info.runId;
    const failed = byName(full, "failed").info.runId;
    expect(await cachedRunIds()).toEqual([finished.info.runId, failed].sort());
    expect(nested).toBeDefined();
    const cached = await search(true);
    expect(cached).toEqual(full);
    const done = byName(cached, "done").data.metrics;
    expect(done.odd!.value).toBeNaN();
    expect(Object.is(done.neg!.value, -0)).toBe(true);
    expect(done.big!.value).toBe(Number.NEGATIVE_INFINITY);
    expect(done.loss).toEqual({ key: "loss", value: 1, timestamp: 20, step: 1 });
  });

  it("uses the cached copy while the stamp matches (shown by editing the cache itself)", async () => {
    await search(false);
    const path = join(root, experimentId, cacheName);
    const cache = JSON.parse(await readFile(path, "utf8"));
    cache.runs[finished.info.runId].params.lr = "from-cache";
    await writeFile(path, JSON.stringify(cache));
    expect(byName(await search(true), "done").data.params.lr).toBe("from-cache");
  });

  it("sees every later change to a cached run: appended metric, in-place tag rewrite, new keys, status", async () => {
    const runDir = join(root, experimentId, finished.info.runId);
    const expectSameAsFull = async () => {
      const cached = await search(true);
      expect(cached).toEqual(await search(false));
      await search(true); // re-populates the cache for the next change
      await settle();
      return byName(cached, "done");
    };
    await search(true);
    // MLflow appends to a finished run's metric file in place (no rename, folder unchanged).
    await appendFile(join(runDir, "metrics", "loss"), "25 0.5 2\n");
    expect((await expectSameAsFull()).data.metrics.loss).toEqual({
      key: "loss",
      value: 0.5,
      timestamp: 25,
      step: 2,
    });
    // MLflow rewrites a tag in place; same size.
    await writeFile(join(runDir, "tags", "note"), "xyz");
    expect((await expectSameAsFull()).data.tags.note).toBe("xyz");
    const store = new FileStore(root);
    await store.logBatch(finished.info.runId, {
      params: [{ key: "extra", value: "1" }],
      tags: [{ key: "more", value: "2" }],
      metrics: [{ key: "new_metric", value: 7, timestamp: 1, step: 0 }],
    });
    const changed = await expectSameAsFull();
    expect(changed.data.params.extra).toBe("1");
    expect(changed.data.tags.more).toBe("2");
    expect(changed.data.metrics.new_metric!.value).toBe(7);
    await store.deleteRun(finished.info.runId);
    const all = await new FileStore(root).searchRuns({ experimentIds: [experimentId], viewType: "ALL" });
    expect(byName(all, "done").info.lifecycleStage).toBe("deleted");
    expect((await search(true)).map((run) => run.info.runName)).not.toContain("done");
  });

  it("does not cache a run with a torn metric line, which a repair and an append can bring back to the same size", async () => {
    const loss = join(root, experimentId, finished.info.runId, "metrics", "loss");
    await appendFile(loss, "30 0.7 2");
    const tornSize = (await stat(loss)).size;
    await settle();
    expect(byName(await search(false), "done").data.metrics.loss!.value).toBe(1);
    expect(await cachedRunIds()).not.toContain(finished.info.runId);
    // The next writer cuts the torn line off and appends one of the same length.
    await new FileStore(root).logMetric(finished.info.runId, {
      key: "loss",
      value: 0.8,
      timestamp: 3,
      step: 5,
    });
    expect((await stat(loss)).size).toBe(tornSize);
    expect(byName(await search(true), "done").data.metrics.loss).toEqual({
      key: "loss",
      value: 0.8,
      timestamp: 3,
      step: 5,
    });
  });

  it("drops runs whose folder is gone and is not fooled by a cache file it cannot parse", async () => {
    await search(true);
    await rm(join(root, experimentId, finished.info.runId), { recursive: true });
    expect((await search(true)).map((run) => run.info.runName)).not.toContain("done");
    expect(await cachedRunIds()).not.toContain(finished.info.runId);
    await writeFile(join(root, experimentId, cacheName), "{ not json");
    expect(await search(true)).toEqual(await search(false));
  });

  it("is invisible to experiment and run listings", async () => {
    await search(true);
    const store = new FileStore(root);
    expect((await store.listExperiments()).map((experiment) => experiment.name).sort()).toEqual([
      "Default",
      "cached",
    ]);
    expect((await search(true)).length).toBe(4);
    expect(running.info.status).toBe("RUNNING");
  });
});
