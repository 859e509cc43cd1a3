import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { FileStore } from "@iqf/tracking";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { iqf, pluginProject, writePluginTask } from "../../../test-support/plugin-project.js";

const spec = "@iqf/example-plugin-metric";
let project: string;

beforeAll(async () => {
  project = await pluginProject({ [spec]: "examples/plugin-metric" });
  await writePluginTask(project);
  await writeFile(
    join(project, "experiment.yaml"),
    [
      "name: confidence-grid",
      `plugins: ['${spec}']`,
      "dataset: ./ds",
      "modifiers: [{ type: jpg, params: { quality: 40 } }, { type: none }]",
      `task: { command: [${JSON.stringify(process.execPath)}, task.mjs] }`,
      "metrics: [{ type: confidence, params: { threshold: 0.5 } }]",
      "trackingUri: ./mlruns",
    ].join("\n"),
  );
});
afterAll(() => rm(project, { recursive: true, force: true }));

async function runMetrics(experiment: string): Promise<Record<string, number>[]> {
  const store = new FileStore(join(project, "mlruns"));
  const found = await store.getExperimentByName(experiment);
  const runs = await store.searchRuns({ experimentIds: [found!.experimentId] });
  return runs.map((run) =>
    Object.fromEntries(Object.entries(run.data.metrics).map(([k, m]) => [k, m.value])),
  );
}

describe("the confidence plugin", () => {
  it("iqf plugins lists it", async () => {
    const result = await iqf(project, ["plugins", "--plugin", spec, "--json"]);
    expect(result.exitCode).toBe(0);
    expect(
      JSON.parse(result.stdout).metrics.find((m: { type: string }) => m.type === "confidence"),
    ).toMatchObject({
      plugin: spec,
      params: { properties: { threshold: { type: "number", minimum: 0, maximum: 1, default: 0.5 } } },
    });
  });

  it("iqf measure confidence <output.json> --plugin … prints its values", async () => {
    await writeFile(
      join(project, "output.json"),
      JSON.stringify([{ score: 0.9 }, { score: 0.3 }, { score: 0.8 }]),
    );
    const args = "measure confidence output.json --param threshold=0.85 --json".split(" ");
    const result = await iqf(project, [...args, "--plugin", spec]);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    const { values } = JSON.parse(result.stdout);
    expect(values.detections).toBe(3);
    expect(values.mean_score).toBeCloseTo(2 / 3, 12);
    expect(values.share_confident).toBeCloseTo(1 / 3, 12);
  });

  it("metrics: in an experiment file are applied to every finished run and logged", async () => {
    const result = await iqf(project, ["run", "experiment.yaml", "--quiet"]);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(
      /\[metric confidence\] ds#jpg40_modifier detections=2 mean_score=0\.55 share_confident=0\.5/,
    );
    const metrics = await runMetrics("confidence-grid");
    expect(metrics).toHaveLength(2);
    for (const m of metrics) expect(m).toMatchObject({ score: 1, detections: 2, share_confident: 0.5 });
  });

  it("iqf apply <experiment> --metric confidence --plugin … logs new values on the runs", async () => {
    const args =
      "apply confidence-grid --metric confidence --param threshold=0.1 --tracking-uri ./mlruns --json";
    const result = await iqf(project, [...args.split(" "), "--plugin", spec]);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    const { runs } = JSON.parse(result.stdout);
    expect(runs).toHaveLength(2);
    for (const run of runs) expect(run.values.share_confident).toBe(1);
    for (const m of await runMetrics("confidence-grid")) expect(m.share_confident).toBe(1);
  });
});
