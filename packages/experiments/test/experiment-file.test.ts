import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { experimentSetupFromFile, loadExperimentFile } from "@iqf/experiments";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempFolder } from "./helpers.js";

let folder: string;
beforeAll(async () => {
  folder = await tempFolder("file");
  await mkdir(join(folder, "sub", "my ds", "images"), { recursive: true });
  await mkdir(join(folder, "sub", "val ds", "images"), { recursive: true });
});
afterAll(() => rm(folder, { recursive: true, force: true }));

async function write(name: string, content: unknown): Promise<string> {
  const path = join(folder, "sub", name);
  await writeFile(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

const valid = {
  name: "from-json",
  dataset: "./my ds",
  valDataset: "val ds",
  modifiers: [
    { type: "jpg", params: { quality: 10 } },
    [
      { type: "jpg", params: { quality: "50" } },
      { type: "quant", params: { bits: 5 } },
    ],
  ],
  task: { command: ["node", "task.mjs"], timeoutSeconds: 30 },
  extraTrainParams: { epochs: [1, 2], lr: [0.1] },
  repetitions: 2,
};

describe("experiment files", () => {
  it("reads JSON with paths relative to the file, chains, and builds a setup of the right size", async () => {
    const file = await loadExperimentFile(await write("exp.json", valid));
    expect(file.dataset).toBe(join(folder, "sub", "my ds"));
    expect(file.valDataset).toBe(join(folder, "sub", "val ds"));
    expect(file.task.cwd).toBe(join(folder, "sub"));
    expect(file.modifierInstances.map((chain) => chain.map((m) => m.name))).toEqual([
      ["jpg10_modifier"],
      ["jpg50_modifier", "quant5_modifier"],
    ]);
    expect(experimentSetupFromFile(file).size).toBe(2 * 2 * 2);
  });

  it("reads YAML and reports every bad field with the file name", async () => {
    const path = await write(
      "exp.yaml",
      "name: y\ndataset: ./my ds\nmodifiers:\n  - { type: blur, params: { sigma: 1 } }\ntask: { command: [node, t.mjs] }\n",
    );
    expect((await loadExperimentFile(path)).modifierInstances[0]![0]!.name).toMatch(/^blur1/);
    const bad = await write(
      "bad.yaml",
      "name: y\ndataset: ./my ds\nmodifiers: []\ntask: { command: [] }\nrepetitions: 0\n",
    );
    await expect(loadExperimentFile(bad)).rejects.toThrow(
      /bad\.yaml: modifiers: list at least one modifier.*task\.command: give the executable.*repetitions: must be at least 1/,
    );
    const broken = await write("broken.yaml", "name: [unclosed\n");
    await expect(loadExperimentFile(broken)).rejects.toThrow(/broken\.yaml: is not valid YAML/);
    await expect(loadExperimentFile(join(folder, "missing.yaml"))).rejects.toThrow(
      /missing\.yaml: cannot be read/,
    );
    const chain = await write("chain.json", {
      ...valid,
      modifiers: [[{ type: "jpg", params: { quality: 500 } }]],
    });
    await expect(loadExperimentFile(chain)).rejects.toThrow(
      /chain\.json: modifiers\[0\]\[0\]\.params: .*quality/,
    );
  });
});
