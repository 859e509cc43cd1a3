import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FileStore } from "@iqf/tracking";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const data = fileURLToPath(new URL("../../../data", import.meta.url));
const byteOrderMark = "\uFEFF";

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "iqf-cli-consistency-"));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

function iqf(args: readonly string[]) {
  return execa(process.execPath, [bin, ...args], { cwd: folder, reject: false, all: true });
}

/** Rewrites a file with a UTF-8 byte-order mark in front of its text. */
async function addByteOrderMark(file: string): Promise<void> {
  await writeFile(file, byteOrderMark + (await readFile(file, "utf8")));
}

describe("a UTF-8 byte-order mark at the start of a JSON file is accepted by every command", () => {
  let coco: string;
  let geo: string;
  let predictions: string;
  beforeAll(async () => {
    coco = join(folder, "bom-coco");
    geo = join(folder, "bom-geo");
    predictions = join(folder, "bom-predictions.json");
    await cp(join(data, "ds_coco_dataset"), coco, { recursive: true });
    await cp(join(data, "ds_geo_dataset"), geo, { recursive: true });
    await cp(join(data, "predictions", "coco_detect.json"), predictions);
    await addByteOrderMark(join(coco, "coco_annotations.json"));
    await addByteOrderMark(join(geo, "annots.geojson"));
    await addByteOrderMark(predictions);
  });

  it.each([
    ["sanity COCO", () => ["sanity", coco], /10 images, 130 annotations checked, 0 problems/],
    ["sanity GeoJSON", () => ["sanity", geo], /10 images, 15 annotations checked, 0 problems/],
    ["stats COCO", () => ["stats", coco, "--out", join(folder, "bom-stats-coco")], /mean image size/],
    ["stats GeoJSON", () => ["stats", geo, "--out", join(folder, "bom-stats-geo")], /mean image size/],
    [
      "eval coco",
      () => ["eval", "coco", "--gt", join(coco, "coco_annotations.json"), "--dt", predictions],
      /Average Precision/,
    ],
  ] as const)("%s", async (_name, args, pattern) => {
    const result = await iqf(args());
    expect(result.exitCode, result.all).toBe(0);
    expect(result.stdout).toMatch(pattern);
  });

  it("a dataset manifest with a byte-order mark still marks a reusable modified dataset", async () => {
    const first = await iqf(["modify", coco, "jpg", "--param", "quality=50"]);
    expect(first.exitCode, first.all).toBe(0);
    await addByteOrderMark(join(`${coco}#jpg50_modifier`, ".iqf-dataset.json"));
    const second = await iqf(["modify", coco, "jpg", "--param", "quality=50"]);
    expect(second.exitCode, second.all).toBe(0);
    expect(second.stdout).toMatch(/^reused /m);
  });

  it("iqf run: an experiment .json file, the task's results.json and output.json", async () => {
    const task = join(folder, "bom-task.mjs");
    await writeFile(
      task,
      [
        'import { readFileSync, writeFileSync } from "node:fs";',
        'import { join } from "node:path";',
        "const out = process.argv[process.argv.indexOf('--outputpath') + 1];",
        `const bom = ${JSON.stringify(byteOrderMark)};`,
        'writeFileSync(join(out, "results.json"), bom + JSON.stringify({ loss: 0.5 }));',
        `writeFileSync(join(out, "output.json"), readFileSync(${JSON.stringify(predictions)}, "utf8"));`,
      ].join("\n"),
    );
    const experiment = join(folder, "bom-experiment.json");
    await writeFile(
      experiment,
      byteOrderMark +
        JSON.stringify({
          name: "bom",
          dataset: "./bom-coco",
          modifiers: [{ type: "none" }],
          task: { command: [process.execPath, task] },
          metrics: [{ type: "bbox", params: { gt: "./bom-coco/coco_annotations.json" } }],
        }),
    );
    const result = await iqf(["run", experiment, "--quiet"]);
    expect(result.exitCode, result.all).toBe(0);
    const store = new FileStore(join(folder, "mlruns"));
    const id = (await store.getExperimentByName("bom"))!.experimentId;
    const [run] = await store.searchRuns({ experimentIds: [id] });
    expect(run!.info.status).toBe("FINISHED");
    const metrics = run!.data.metrics;
    expect(metrics.loss?.value).toBe(0.5);
    expect(Object.keys(metrics).some((key) => key.startsWith("ap"))).toBe(true);
  });
});

describe("a command modifier's argv in an experiment YAML", () => {
  it("may be a YAML list or a JSON array string; both run", async () => {
    const dataset = join(folder, "argv-ds");
    await mkdir(join(dataset, "images"), { recursive: true });
    for (const image of ["000000005802.jpg", "000000060623.jpg"]) {
      await cp(join(data, "ds_coco_dataset", "images", image), join(dataset, "images", image));
    }
    const copier = join(folder, "copy-image.mjs");
    await writeFile(
      copier,
      'import { copyFileSync } from "node:fs";\ncopyFileSync(process.argv[2], process.argv[3]);\n',
    );
    const task = join(folder, "argv-task.mjs");
    await writeFile(
      task,
      'import { writeFileSync } from "node:fs";\nimport { join } from "node:path";\n' +
        "const out = process.argv[process.argv.indexOf('--outputpath') + 1];\n" +
        'writeFileSync(join(out, "results.json"), JSON.stringify({ score: 1 }));\n',
    );
    const words = [process.execPath, copier, "{input}", "{outputDir}/{stem}.jpg"];
    const experiment = join(folder, "argv.yaml");
    await writeFile(
      experiment,
      [
        "name: argv",
        "dataset: ./argv-ds",
        "modifiers:",
        "  - type: command",
        "    params:",
        "      name: listed",
        "      argv:",
        ...words.map((word) => `        - ${JSON.stringify(word)}`),
        "  - type: command",
        `    params: { name: quoted, argv: ${JSON.stringify(JSON.stringify(words))} }`,
        "task:",
        `  command: ${JSON.stringify([process.execPath, task])}`,
      ].join("\n"),
    );
    const result = await iqf(["run", experiment, "--quiet"]);
    expect(result.exitCode, result.all).toBe(0);
    expect(result.stdout).toMatch(/2 runs — 2 finished, 0 failed/);
    for (const name of ["listed", "quoted"]) {
      expect((await readdir(join(folder, `argv-ds#${name}_modifier`, "images"))).sort()).toEqual([
        "000000005802.jpg",
        "000000060623.jpg",
      ]);
    }
  });
});

describe("images in sub-folders of images/ are counted by every command", () => {
  let dataset: string;
  beforeAll(async () => {
    dataset = join(folder, "sub-ds");
    await cp(join(data, "ds_coco_dataset"), dataset, { recursive: true });
    const file = join(dataset, "coco_annotations.json");
    const coco = JSON.parse(await readFile(file, "utf8")) as { images: { file_name: string }[] };
    await mkdir(join(dataset, "images", "sub"));
    for (const image of coco.images.slice(0, 2)) {
      await rename(join(dataset, "images", image.file_name), join(dataset, "images", "sub", image.file_name));
      image.file_name = `sub/${image.file_name}`;
    }
    await writeFile(file, JSON.stringify(coco));
  });

  it("sanity, stats, modify and measure see all 10 images; eval names the sub-path", async () => {
    const sanity = await iqf(["sanity", dataset]);
    expect(sanity.stdout, sanity.all).toMatch(/10 images, 130 annotations checked, 0 problems/);
    const stats = await iqf(["stats", dataset, "--out", join(folder, "sub-stats")]);
    expect(stats.stdout, stats.all).toMatch(/mean image size 580\.2 × 496\.2 px/);
    const modify = await iqf(["modify", dataset, "jpg", "--param", "quality=40"]);
    expect(modify.stdout, modify.all).toMatch(/\(10 images\)/);
    expect(await readdir(join(`${dataset}#jpg40_modifier`, "images", "sub"))).toHaveLength(2);
    for (const metric of ["snr", "sharpness"]) {
      const measure = await iqf(["measure", metric, dataset, "--json"]);
      expect(measure.exitCode, measure.all).toBe(0);
      const images = (JSON.parse(measure.stdout) as { images: { file: string }[] }).images;
      expect(images, metric).toHaveLength(10);
      expect(
        images.filter((image) => image.file.includes("/sub/")),
        metric,
      ).toHaveLength(2);
    }
    const evaluation = await iqf([
      "eval",
      "coco",
      "--gt",
      join(dataset, "coco_annotations.json"),
      "--dt",
      join(data, "predictions", "coco_detect.json"),
      "--per-image",
      "--json",
    ]);
    const perImage = (JSON.parse(evaluation.stdout) as { per_image: { fileName?: string }[] }).per_image;
    expect(perImage).toHaveLength(10);
    expect(perImage.filter((image) => image.fileName?.startsWith("sub/"))).toHaveLength(2);
  });
});
