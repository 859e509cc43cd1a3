import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FileStore } from "@iqf/tracking";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { temporaryFolder } from "./helpers/stores.js";

const writer = fileURLToPath(new URL("./helpers/concurrent-writer.mjs", import.meta.url));
const workers = 4;
const runsPerWorker = 6;

describe("FileStore with several processes writing at once", () => {
  let folder: string;
  let outputs: string[];
  beforeAll(async () => {
    folder = await temporaryFolder();
    const root = join(folder, "mlruns");
    const results = await Promise.all(
      Array.from({ length: workers }, (_, worker) =>
        execa(process.execPath, [writer, root, "shared-experiment", String(runsPerWorker), String(worker)]),
      ),
    );
    outputs = results.map((result) => result.stdout);
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it("creates the experiment exactly once although every process raced to create it", async () => {
    const store = new FileStore(join(folder, "mlruns"));
    const experiments = await store.listExperiments();
    expect(experiments.map((experiment) => experiment.name).sort()).toEqual(["Default", "shared-experiment"]);
    expect(new Set(outputs).size).toBe(1);
    expect(outputs[0]).toBe(
      experiments.find((experiment) => experiment.name === "shared-experiment")?.experimentId,
    );
  });

  it("keeps every run of every process complete and uncorrupted", async () => {
    const store = new FileStore(join(folder, "mlruns"));
    const experimentId = outputs[0]!;
    const runs = await store.searchRuns({ experimentIds: [experimentId] });
    expect(runs).toHaveLength(workers * runsPerWorker);
    const names = runs.map((run) => run.info.runName).sort();
    const expected = Array.from({ length: workers }, (_, worker) =>
      Array.from({ length: runsPerWorker }, (_, index) => `w${worker}-r${index}`),
    )
      .flat()
      .sort();
    expect(names).toEqual(expected);
    for (const run of runs) {
      const [, worker, index] = /^w(\d+)-r(\d+)$/.exec(run.info.runName)!;
      expect(run.info.status).toBe("FINISHED");
      expect(run.data.params).toEqual({ worker, index });
      expect(run.data.tags.writer).toBe(`worker-${worker}`);
      expect(run.data.metrics.loss).toEqual({ key: "loss", value: 0.1, timestamp: 1009, step: 9 });
      expect(await store.getMetricHistory(run.info.runId, "loss")).toHaveLength(10);
    }
    const leftovers = (await readdir(join(folder, "mlruns"), { recursive: true })).filter((name) =>
      /\.iqf-tmp|\.lock$/.test(String(name)),
    );
    expect(leftovers).toEqual([]);
  });
});
