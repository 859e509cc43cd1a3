import { readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { readRaster } from "@iqf/datasets";
import { FileStore } from "@iqf/tracking";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { iqf, pluginProject, writePluginTask } from "../../../test-support/plugin-project.js";

const spec = "@iqf/example-plugin-modifier";
let project: string;

beforeAll(async () => {
  project = await pluginProject({ [spec]: "examples/plugin-modifier" });
  await writePluginTask(project);
});
afterAll(() => rm(project, { recursive: true, force: true }));

async function mean(file: string): Promise<number> {
  const { raster } = await readRaster(file);
  let sum = 0;
  for (const value of raster.data) sum += value;
  return sum / raster.data.length;
}

describe("the gamma plugin from the command line", () => {
  it("iqf plugins lists it with its params and source", async () => {
    const result = await iqf(project, ["plugins", "--plugin", spec, "--json"]);
    expect(result.exitCode).toBe(0);
    const listing = JSON.parse(result.stdout);
    expect(listing.plugins.map((p: { name: string }) => p.name)).toEqual(["iqf", spec]);
    expect(listing.modifiers.find((m: { type: string }) => m.type === "gamma")).toEqual({
      type: "gamma",
      description: "gamma correction of every sample: out = max·(in/max)^gamma",
      params: {
        type: "object",
        properties: {
          gamma: { type: "number", exclusiveMinimum: 0, description: "exponent, > 0; > 1 darkens" },
        },
        required: ["gamma"],
        additionalProperties: false,
      },
      folderName: "gamma<gamma>_modifier",
      plugin: spec,
      source: expect.stringContaining(`${spec} (`),
    });
    const text = await iqf(project, ["plugins"], { IQF_PLUGINS: spec });
    expect(text.stdout).toMatch(/gamma +gamma correction/);
  });

  it("iqf modify <dataset> gamma --plugin … writes <dataset>#gamma2.2_modifier", async () => {
    const result = await iqf(project, ["modify", "ds", "gamma", "--plugin", spec, "--param", "gamma=2.2"]);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(`wrote ${join(project, "ds#gamma2.2_modifier")} (3 images)`);
    const [first] = (await readdir(join(project, "ds/images"))).sort();
    expect(await mean(join(project, "ds#gamma2.2_modifier/images", first!))).toBeLessThan(
      (await mean(join(project, "ds/images", first!))) * 0.7,
    );
  });

  it("without the plugin the type is unknown; a bad param is named", async () => {
    const unknown = await iqf(project, ["modify", "ds", "gamma", "--param", "gamma=2"]);
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toMatch(/unknown modifier type "gamma"/);
    const bad = await iqf(project, ["modify", "ds", "gamma", "--plugin", spec, "--param", "gamma=-1"]);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/^iqf: Invalid parameters for gamma modifier: gamma=-1: /);
  });
});

describe("the gamma plugin from an experiment file", () => {
  it("plugins: + modifiers: [{ type: gamma }] runs the grid on the gamma datasets", async () => {
    await writeFile(
      join(project, "experiment.yaml"),
      [
        "name: gamma-grid",
        "plugins: ['@iqf/example-plugin-modifier']",
        "dataset: ./ds",
        "modifiers:",
        "  - { type: gamma, params: { gamma: 2.2 } }",
        "  - [{ type: gamma, params: { gamma: 0.5 } }, { type: jpg, params: { quality: 50 } }]",
        `task: { command: [${JSON.stringify(process.execPath)}, task.mjs] }`,
        "trackingUri: ./mlruns",
      ].join("\n"),
    );
    const result = await iqf(project, ["run", "experiment.yaml", "--quiet"]);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/gamma-grid: 2 runs — 2 finished, 0 failed/);
    const store = new FileStore(join(project, "mlruns"));
    const experiment = await store.getExperimentByName("gamma-grid");
    const runs = await store.searchRuns({ experimentIds: [experiment!.experimentId] });
    expect(runs.map((r) => r.info.runName).sort()).toEqual([
      "ds#gamma0.5_modifier#jpg50_modifier",
      "ds#gamma2.2_modifier",
    ]);
    expect(await readdir(join(project, "ds#gamma0.5_modifier#jpg50_modifier/images"))).toHaveLength(3);
    const params = runs.find((r) => r.info.runName === "ds#gamma2.2_modifier")!.data.params;
    expect(params).toMatchObject({ modifier: "gamma2.2_modifier", gamma: "2.2" });
  });
});
