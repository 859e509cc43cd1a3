import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const data = fileURLToPath(new URL("../../../data", import.meta.url));
const reference = fileURLToPath(new URL("../../../fixtures/reference/iquaflow/dsstats", import.meta.url));

function iqf(args: string[], cwd?: string) {
  return execa(process.execPath, [bin, ...args], { reject: false, ...(cwd ? { cwd } : {}) });
}

/** Every file under a folder (relative paths) with size and mtime. */
async function listing(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map(async (entry) => {
        const path = join(entry.parentPath, entry.name);
        const info = await stat(path);
        return `${path.slice(folder.length)}:${info.size}:${info.mtimeMs}`;
      }),
  ).then((rows) => rows.sort());
}

describe("iqf stats", () => {
  let folder: string;
  let coco: string;
  let geo: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "iqf-cli-stats-"));
    coco = join(folder, "ds_coco_dataset");
    geo = join(folder, "ds_geo_dataset");
    await cp(join(data, "ds_coco_dataset"), coco, { recursive: true });
    await cp(join(data, "ds_geo_dataset"), geo, { recursive: true });
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it("writes stats.json, plots and both pages to --out and prints a summary", async () => {
    const out = join(folder, "coco-out");
    const before = await listing(coco);
    const result = await iqf(["stats", coco, "--out", out]);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("coco_annotations.json: mean image size 580.2 × 496.2 px");
    expect(result.stdout).toContain("background covers 60.45 %");
    const written = await readdir(out);
    expect(written.sort()).toEqual([
      ".iqf-output",
      "annotations.html",
      "images",
      "preview.html",
      "stats.json",
    ]);
    const plots = await readdir(join(out, "images"));
    expect(plots).toContain("coco_annotations.json_class_histo.png");
    expect(plots).toContain("coco_annotations.json_bbox_area_histo.svg");
    const stats = JSON.parse(await readFile(join(out, "stats.json"), "utf8"));
    const expected = JSON.parse(await readFile(join(reference, "coco_stats.json"), "utf8"));
    expect(stats.map((entry: { stats: unknown }) => entry.stats)).toEqual(
      expected.map((entry: { stats: unknown }) => entry.stats),
    );
    expect(await listing(coco)).toEqual(before);
  });

  it("defaults the output to ./<dataset name>-stats and prints the statistics with --json", async () => {
    const cwd = join(folder, "work");
    await mkdir(cwd);
    const result = await iqf(["stats", geo, "--json", "--no-plots"], cwd);
    expect(result.exitCode).toBe(0);
    const entries = JSON.parse(result.stdout);
    const expected = JSON.parse(await readFile(join(reference, "geo_stats.json"), "utf8"));
    expect(entries.map((entry: { stats: unknown }) => entry.stats)).toEqual(
      expected.map((entry: { stats: unknown }) => entry.stats),
    );
    expect((await readdir(join(cwd, "ds_geo_dataset-stats"))).sort()).toEqual([
      ".iqf-output",
      "annotations.html",
      "preview.html",
      "stats.json",
    ]);
  });

  it("rejects an annotation file that is not JSON with one line naming it, writing nothing", async () => {
    const inria = join(folder, "ds_inria_dataset");
    await cp(join(data, "ds_inria_dataset"), inria, { recursive: true });
    await writeFile(join(inria, "annotations.json"), "{ not json");
    const before = await listing(inria);
    const out = join(folder, "inria-out");
    const result = await iqf(["stats", inria, "--out", out]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`iqf: ${join(inria, "annotations.json")}: is not valid JSON (`);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(await listing(inria)).toEqual(before);
    await expect(stat(out)).rejects.toThrow();
  });

  it("refuses an output folder inside the dataset and bad option values", async () => {
    const inside = await iqf(["stats", coco, "--out", join(coco, "stats")]);
    expect(inside.exitCode).toBe(1);
    expect(inside.stderr).toMatch(
      /^iqf: Invalid parameters for DsStats: outputDir: .* lies inside the dataset/,
    );
    await expect(stat(join(coco, "stats"))).rejects.toThrow();
    const sample = await iqf(["stats", coco, "--sample", "0"]);
    expect(sample.exitCode).toBe(1);
    expect(sample.stderr).toContain('--sample: expected a positive integer, got "0"');
    const missing = await iqf(["stats", join(folder, "nope")]);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain("Dataset not found");
  });
});
