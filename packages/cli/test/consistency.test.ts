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

describe("sanity, stats and eval apply the same rules to ids, CRSs, geometry types and empty lists", () => {
  const datasets: Record<string, string> = {};
  let warningOf: (output: string, pattern: RegExp) => string | undefined;
  beforeAll(async () => {
    warningOf = (output, pattern) => output.split("\n").find((line) => pattern.test(line));
    const cocoSource = JSON.parse(
      await readFile(join(data, "ds_coco_dataset", "coco_annotations.json"), "utf8"),
    ) as Record<string, { id: number; image_id?: number }[]>;
    const geoSource = JSON.parse(await readFile(join(data, "ds_geo_dataset", "annots.geojson"), "utf8")) as {
      features: { properties: unknown; geometry: { coordinates: number[][][] } }[];
    };
    const variants: Record<string, [string, unknown]> = {
      "string-ids": [
        "coco",
        {
          ...cocoSource,
          images: cocoSource.images!.map((image) => ({ ...image, id: `img${image.id}` })),
          annotations: cocoSource.annotations!.map((a) => ({ ...a, image_id: `img${a.image_id}` })),
        },
      ],
      "empty-coco": ["coco", { ...cocoSource, annotations: [] }],
      "unknown-epsg": ["geo", { ...geoSource, crs: { type: "name", properties: { name: "EPSG:99999" } } }],
      "local-crs": ["geo", { ...geoSource, crs: { type: "name", properties: { name: "my-local-grid" } } }],
      "points-lines": [
        "geo",
        {
          ...geoSource,
          features: [
            ...geoSource.features,
            { ...geoSource.features[0], geometry: { type: "Point", coordinates: [734019.9, 3724959] } },
            {
              ...geoSource.features[0],
              geometry: { type: "LineString", coordinates: geoSource.features[0]!.geometry.coordinates[0] },
            },
          ],
        },
      ],
      "empty-features": ["geo", { ...geoSource, features: [] }],
    };
    for (const [name, [kind, content]] of Object.entries(variants)) {
      const root = join(folder, `rules-${name}`);
      await cp(join(data, `ds_${kind}_dataset`), root, { recursive: true });
      const file = kind === "coco" ? "coco_annotations.json" : "annots.geojson";
      await writeFile(join(root, file), JSON.stringify(content));
      datasets[name] = root;
    }
  });

  function statsOf(name: string) {
    return iqf(["stats", datasets[name]!, "--out", join(folder, `rules-${name}-stats`), "--no-plots"]);
  }

  it("string ids: every command refuses the file with the same line naming the field", async () => {
    const file = join(datasets["string-ids"]!, "coco_annotations.json");
    const results = [
      await iqf(["sanity", datasets["string-ids"]!]),
      await statsOf("string-ids"),
      await iqf(["eval", "coco", "--gt", file, "--dt", join(data, "predictions", "coco_detect.json")]),
    ];
    for (const result of results) {
      expect(result.exitCode, result.all).toBe(1);
      expect(result.stderr.trim()).toBe(
        `iqf: ${file}: images[0].id is the string "img391895" (140 string ids in the file); COCO ids (images[].id, categories[].id, annotations[].id, image_id, category_id) must be integers — renumber them`,
      );
    }
  });

  it.each(["unknown-epsg", "local-crs"])(
    "%s: a warning with the same text; the file is read",
    async (name) => {
      const sanity = await iqf(["sanity", datasets[name]!]);
      const stats = await statsOf(name);
      expect(sanity.exitCode, sanity.all).toBe(0);
      expect(stats.exitCode, stats.all).toBe(0);
      const warning = warningOf(sanity.stderr, /unknown coordinate reference system/);
      expect(warning).toMatch(
        /^iqf: warning: .*annots\.geojson: unknown coordinate reference system .*planar units/,
      );
      expect(warningOf(stats.stderr, /unknown coordinate reference system/)).toBe(warning);
      expect(sanity.stdout).toMatch(/15 annotations checked, 0 problems/);
    },
  );

  it("Point and LineString features are skipped with the same warning and counted the same", async () => {
    const sanity = await iqf(["sanity", datasets["points-lines"]!]);
    const stats = await statsOf("points-lines");
    expect(sanity.exitCode, sanity.all).toBe(0);
    expect(stats.exitCode, stats.all).toBe(0);
    const warning = warningOf(sanity.stderr, /skipped/);
    expect(warning).toMatch(
      /annots\.geojson: 2 features are not a Polygon or MultiPolygon and were skipped \(1 Point, 1 LineString; features\[15\], features\[16\]\)$/,
    );
    expect(warningOf(stats.stderr, /skipped/)).toBe(warning);
    expect(sanity.stdout).toMatch(/10 images, 15 annotations checked, 0 problems/);
    const plain = await iqf([
      "stats",
      join(data, "ds_geo_dataset"),
      "--out",
      join(folder, "rules-plain-stats"),
      "--no-plots",
    ]);
    expect(stats.stdout.replaceAll("rules-points-lines-stats", "x")).toBe(
      plain.stdout.replaceAll("rules-plain-stats", "x"),
    );
  });

  it("empty lists are valid: zero annotations, no NaN anywhere", async () => {
    for (const name of ["empty-features", "empty-coco"]) {
      const sanity = await iqf(["sanity", datasets[name]!]);
      const out = join(folder, `rules-${name}-plots`);
      const stats = await iqf(["stats", datasets[name]!, "--out", out, "--no-html"]);
      for (const result of [sanity, stats]) {
        expect(result.exitCode, result.all).toBe(0);
        expect(result.all).not.toMatch(/NaN|null/);
      }
      const plots = await readdir(join(out, "images")).catch(() => [] as string[]);
      for (const plot of plots.filter((file) => file.endsWith(".svg"))) {
        expect(await readFile(join(out, "images", plot), "utf8"), plot).not.toMatch(/NaN/);
      }
      expect(sanity.stdout).toMatch(/10 images, 0 annotations checked, 0 problems/);
    }
    const evaluation = await iqf([
      "eval",
      "coco",
      "--gt",
      join(datasets["empty-coco"]!, "coco_annotations.json"),
      "--dt",
      join(data, "predictions", "coco_detect.json"),
    ]);
    expect(evaluation.exitCode, evaluation.all).toBe(0);
    expect(evaluation.all).not.toMatch(/NaN/);
  });
});
