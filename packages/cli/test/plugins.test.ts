import { existsSync } from "node:fs";
import { cp, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { FileStore } from "@iqf/tracking";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { iqf, pluginProject, writePluginTask } from "../../../test-support/plugin-project.js";

let project: string;

const header = `import { defineMetric, defineModifier, definePlugin } from "@iqf/core";
import { z } from "zod";
`;

async function writePlugin(file: string, body: string): Promise<void> {
  await writeFile(join(project, file), header + body);
}

beforeAll(async () => {
  project = await pluginProject({ "@iqf/core": "packages/core", zod: "node_modules/zod" });
  await writePluginTask(project);
  await writePlugin(
    "flaky.mjs",
    `export default definePlugin({
  name: "flaky",
  apiVersion: 1,
  modifiers: {
    flaky: defineModifier({
      description: "fails on the second image",
      params: z.object({}),
      folderName: "flaky_modifier",
      create: () => ({
        name: "flaky_modifier",
        params: {},
        async modifyImage(image, context) {
          if (context.index === 1) throw new Error("cannot handle this one");
          return { encoded: await image.read() };
        },
      }),
    }),
  },
});
`,
  );
  await writePlugin(
    "clash.mjs",
    `export default definePlugin({
  name: "clash",
  apiVersion: 1,
  modifiers: {
    jpg: defineModifier({ description: "another jpg", params: z.object({}), folderName: "x", create: () => ({}) }),
  },
});
`,
  );
  await writeFile(
    join(project, "future.mjs"),
    `export default { name: "from-the-future", apiVersion: 3, modifiers: {}, metrics: {} };\n`,
  );
  await writeFile(join(project, "broken.mjs"), "export default definePlugin({\n");
  await writePlugin(
    "picky.mjs",
    `export default definePlugin({
  name: "picky",
  apiVersion: 1,
  metrics: {
    picky: defineMetric({
      description: "fails on the jpg runs",
      params: z.object({}),
      create: () => ({
        name: "picky",
        async compute(context) {
          if (context.datasetPath.includes("jpg")) throw new Error("I do not like JPEG");
          return { liked: 1 };
        },
      }),
    }),
  },
});
`,
  );
});
afterAll(() => rm(project, { recursive: true, force: true }));

describe("plugin failures", () => {
  it("a plugin modifier throwing for one image fails that image only, named in the result", async () => {
    const result = await iqf(project, ["modify", "ds", "flaky", "--plugin", "./flaky.mjs", "--json"]);
    expect(result.exitCode).toBe(1);
    const images = (await readdir(join(project, "ds/images"))).sort();
    const summary = JSON.parse(result.stdout);
    expect(summary.images).toBe(2);
    expect(summary.failed).toEqual([
      { file: `ds/images/${images[1]}`, error: expect.stringContaining("cannot handle this one") },
    ]);
    expect(result.stderr).toContain(`iqf: ds/images/${images[1]}: `);
  });

  it("an unimportable plugin stops before any work, naming the spec, the folder and the error", async () => {
    for (const spec of ["./missing.mjs", "./broken.mjs", "@acme/not-installed"]) {
      const result = await iqf(project, ["modify", "ds", "jpg", "--plugin", spec]);
      expect(result.exitCode).toBe(1);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toMatch(
        new RegExp(`^iqf: Cannot load plugin "${spec}" \\(resolved from ${project}\\): \\S`),
      );
    }
    expect(existsSync(join(project, "ds#jpg65_modifier"))).toBe(false);
    const env = await iqf(project, ["plugins"], { IQF_PLUGINS: "./missing.mjs" });
    expect(env.stderr).toMatch(/Cannot load plugin "\.\/missing\.mjs"/);
  });

  it("an unimportable plugin of an experiment file stops before any run, naming the file and field", async () => {
    await writeFile(
      join(project, "broken.yaml"),
      `name: broken\nplugins: [./broken.mjs]\ndataset: ./ds\nmodifiers: [{ type: jpg }]\ntask: { command: [node, task.mjs] }\ntrackingUri: ./broken-runs\n`,
    );
    const result = await iqf(project, ["run", "broken.yaml"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `^iqf: ${join(project, "broken.yaml")}: plugins\\[0\\]: Cannot load plugin "\\./broken\\.mjs" \\(resolved from ${project}\\)`,
      ),
    );
    expect(existsSync(join(project, "broken-runs"))).toBe(false);
  });

  it("a type defined twice is an error naming both sources", async () => {
    const result = await iqf(project, ["plugins", "--plugin", "./clash.mjs"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      `iqf: modifier type "jpg" is defined twice: by plugin iqf from built-in (@iqf/modifiers, @iqf/metrics) and by plugin clash from ./clash.mjs (${join(project, "clash.mjs")}); load only one of them`,
    );
  });

  it("another apiVersion is refused with the plugin, its version and the supported one", async () => {
    const result = await iqf(project, ["plugins", "--plugin", "./future.mjs"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(
      "Plugin from-the-future declares apiVersion 3, but this iqf supports plugin apiVersion 1 only",
    );
  });

  it("the same plugin from IQF_PLUGINS and --plugin is loaded once", async () => {
    const result = await iqf(project, ["plugins", "--plugin", "./flaky.mjs", "--json"], {
      IQF_PLUGINS: "./flaky.mjs",
    });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).plugins.map((p: { name: string }) => p.name)).toEqual(["iqf", "flaky"]);
  });

  it("a metric throwing on one run records the error on that run and goes on", async () => {
    await writeFile(
      join(project, "picky.yaml"),
      `name: picky\ndataset: ./ds\nmodifiers: [{ type: none }, { type: jpg, params: { quality: 30 } }]\ntask: { command: [${JSON.stringify(process.execPath)}, task.mjs] }\ntrackingUri: ./mlruns\n`,
    );
    expect((await iqf(project, ["run", "picky.yaml", "-q"])).exitCode).toBe(0);
    const result = await iqf(project, [
      "apply",
      "picky",
      "--metric",
      "picky",
      "--plugin",
      "./picky.mjs",
      "--json",
    ]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe("iqf: picky failed on ds#jpg30_modifier: I do not like JPEG");
    const { runs } = JSON.parse(result.stdout);
    expect(runs.map((r: { name: string }) => r.name).sort()).toEqual(["ds", "ds#jpg30_modifier"]);
    const store = new FileStore(join(project, "mlruns"));
    const experiment = await store.getExperimentByName("picky");
    const stored = await store.searchRuns({ experimentIds: [experiment!.experimentId] });
    const jpg = stored.find((r) => r.info.runName === "ds#jpg30_modifier")!;
    const pristine = stored.find((r) => r.info.runName === "ds")!;
    expect(jpg.data.tags["iqf.metric_error.picky"]).toBe("I do not like JPEG");
    expect(jpg.info.status).toBe("FINISHED");
    expect(pristine.data.metrics.liked?.value).toBe(1);
  });
});

describe("psnr and ssim on an image-generation experiment", () => {
  it("compares each run's generated images with the ground truth of its test dataset or gtImages", async () => {
    await cp(join(project, "ds"), join(project, "ds_test"), { recursive: true });
    await writeFile(
      join(project, "generate.yaml"),
      [
        "name: generate",
        "dataset: ./ds",
        "testDataset: ./ds_test",
        "modifiers: [{ type: none }, { type: jpg, params: { quality: 20 } }]",
        `task: { command: [${JSON.stringify(process.execPath)}, task.mjs] }`,
        "extraTrainParams: { kind: [generate] }",
        "metrics:",
        "  - { type: psnr, params: { gtImages: ./ds/images } }",
        "  - { type: ssim, params: { gtImages: ./ds/images } }",
        "  - { type: ssim }",
        "trackingUri: ./mlruns",
      ].join("\n"),
    );
    const result = await iqf(project, ["run", "generate.yaml", "-q"]);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    const store = new FileStore(join(project, "mlruns"));
    const experiment = await store.getExperimentByName("generate");
    const runs = await store.searchRuns({ experimentIds: [experiment!.experimentId] });
    const metrics = (name: string) => runs.find((r) => r.info.runName === name)!.data.metrics;
    // The pristine run generated the ground truth itself.
    expect(metrics("ds").psnr?.value).toBe(Number.POSITIVE_INFINITY);
    expect(metrics("ds").ssim_images?.value).toBe(3);
    // The JPEG run regenerated its compressed test images: compared with the pristine images
    // (gtImages) they differ; the last ssim (its own test dataset) overwrote ssim with 1.
    const jpg = metrics("ds#jpg20_modifier");
    expect(jpg.psnr?.value).toBeGreaterThan(20);
    expect(jpg.psnr?.value).toBeLessThan(40);
    expect(jpg.ssim?.value).toBe(1);
    const history = await store.getMetricHistory(
      runs.find((r) => r.info.runName === "ds#jpg20_modifier")!.info.runId,
      "ssim",
    );
    expect(history.map((h) => h.value)[0]).toBeLessThan(0.95);
  });
});
