import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ExperimentSetup, RunTags, ScriptTaskExecution } from "@iqf/experiments";
import { CommandModifier, JpgModifier } from "@iqf/modifiers";
import { FileStore, RestStore, type TrackingStore } from "@iqf/tracking";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMlflowTestServer } from "../../tracking/test/helpers/mlflow-test-server.js";
import { repoRoot, sampleDataset, tempFolder, writeTask } from "./helpers.js";

const bin = join(repoRoot, "packages", "cli", "dist", "bin.js");
let folder: string;
let dataset: string;
beforeAll(async () => {
  folder = await tempFolder("claims");
  dataset = await sampleDataset(folder, "ds", 2);
  await writeTask(folder);
  await writeFile(
    join(folder, "exp.yaml"),
    [
      "name: together",
      "dataset: ./ds",
      "modifiers: [{ type: jpg, params: { quality: 40 } }, { type: jpg, params: { quality: 60 } }]",
      "task:",
      `  command: ${JSON.stringify([process.execPath, "task.mjs"])}`,
      "extraTrainParams: { x: [1, 2] }",
    ].join("\n"),
  );
});
afterAll(() => rm(folder, { recursive: true, force: true }));

async function finishedPerCell(store: TrackingStore, name: string): Promise<number[]> {
  const experiment = await store.getExperimentByName(name);
  const runs = await store.searchRuns({ experimentIds: [experiment!.experimentId] });
  const counts = new Map<string, number>();
  for (const run of runs.filter((r) => r.info.status === "FINISHED")) {
    const cell = run.data.tags[RunTags.cell]!;
    counts.set(cell, (counts.get(cell) ?? 0) + 1);
  }
  return [...counts.values()];
}

describe("concurrent executions of one experiment", () => {
  it("two `iqf run` processes on one file store run every cell exactly once", async () => {
    const start = () =>
      execa(process.execPath, [bin, "run", "exp.yaml", "--quiet"], { cwd: folder, all: true, reject: false });
    const [a, b] = await Promise.all([start(), start()]);
    expect(a.exitCode, a.all).toBe(0);
    expect(b.exitCode, b.all).toBe(0);
    expect(await finishedPerCell(new FileStore(join(folder, "mlruns")), "together")).toEqual([1, 1, 1, 1]);
    const finished = (text: string) => Number(/— (\d+) finished/.exec(text)?.[1]);
    expect(finished(a.stdout) + finished(b.stdout)).toBe(4);
  }, 120_000);

  it("two executions against an MLflow server run every cell once (earlier run keeps the cell)", async () => {
    const server = await startMlflowTestServer();
    try {
      const setup = () =>
        new ExperimentSetup({
          experimentName: "together-rest",
          task: new ScriptTaskExecution({ command: [process.execPath, "task.mjs"], cwd: folder }),
          refDswTrain: dataset,
          modifiers: [new JpgModifier({ quality: 40 }), new JpgModifier({ quality: 60 })],
          extraTrainParams: { x: [1, 2] },
          tracking: new RestStore(server.url),
          echo: false,
        });
      await new RestStore(server.url).getOrCreateExperiment("together-rest");
      const [a, b] = await Promise.all([setup().execute(), setup().execute()]);
      expect(a.finished + b.finished).toBe(4);
      expect(a.failed + b.failed).toBe(0);
      expect(await finishedPerCell(new RestStore(server.url), "together-rest")).toEqual([1, 1, 1, 1]);
    } finally {
      await server.close();
    }
  }, 120_000);
});

describe("cells whose dataset cannot be built", () => {
  it("are tracked as FAILED runs with the reason, not only printed", async () => {
    const store = new FileStore(join(folder, "mlruns-failing"));
    const failOnOne = [
      process.execPath,
      "-e",
      "const [i, o] = process.argv.slice(1); if (i.endsWith('5802.jpg')) process.exit(2); require('fs').copyFileSync(i, o)",
      "{input}",
      "{outputDir}/out.jpg",
    ];
    const summary = await new ExperimentSetup({
      experimentName: "failing-modifier",
      task: new ScriptTaskExecution({ command: [process.execPath, "task.mjs"], cwd: folder }),
      refDswTrain: dataset,
      modifiers: [new CommandModifier({ argv: failOnOne, name: "half" })],
      extraTrainParams: { x: [1, 2] },
      tracking: store,
      echo: false,
    }).execute();
    expect(summary.failed).toBe(2);
    const experiment = await store.getExperimentByName("failing-modifier");
    const runs = await store.searchRuns({ experimentIds: [experiment!.experimentId] });
    expect(runs).toHaveLength(2);
    for (const run of runs) {
      expect(run.info.status).toBe("FAILED");
      expect(run.data.tags[RunTags.failure]).toBe("dataset-error");
      expect(run.data.tags[RunTags.failureDetail]).toMatch(
        /^1 image of .* could not be modified with half_modifier/,
      );
      expect(run.data.params.x).toMatch(/^[12]$/);
    }
    expect(summary.results.map((result) => result.runId)).toEqual(runs.map(() => expect.any(String)));
  }, 120_000);
});
