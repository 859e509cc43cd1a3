import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { DsWrapper } from "@iqf/datasets";
import { DsStats, type StatsEntry } from "@iqf/stats";
import { describe, expect, it } from "vitest";
import { cocoDataset, geoDataset, readReference, tempDir } from "./helpers.js";

/** Compares every key of every entry exactly (numbers bit for bit) and lists the keys compared. */
function compareKeyByKey(
  actual: readonly StatsEntry[],
  reference: readonly { obj: string; stats: unknown }[],
): string[] {
  expect(actual.map((entry) => entry.obj)).toEqual(reference.map((entry) => entry.obj));
  const compared: string[] = [];
  reference.forEach((expected, index) => {
    const entry = actual[index]!;
    expect(Object.keys(entry)).toEqual(Object.keys(expected));
    const expectedStats = expected.stats as Record<string, unknown>;
    const actualStats = entry.stats as Record<string, unknown>;
    expect(Object.keys(actualStats)).toEqual(Object.keys(expectedStats));
    for (const key of Object.keys(expectedStats)) {
      expect(actualStats[key], `${expected.obj}.${key}`).toStrictEqual(expectedStats[key]);
      compared.push(`${expected.obj}.${key}`);
    }
  });
  return compared;
}

describe("DsStats agrees with iquaflow's stats.json key by key", () => {
  it("COCO sample: images, class histogram, area coverage, four histograms", async () => {
    const { entries } = await new DsStats(cocoDataset).performStats();
    const reference = await readReference("coco_stats.json");
    const compared = compareKeyByKey(entries, reference);
    expect(compared).toHaveLength(2 + 3 + 27 + 4 * 3);
    expect(entries[0]!.stats).toEqual({ mean_height: 496.2, mean_width: 580.2 });
    const coverage = entries[2]!.stats as Record<string, number>;
    expect(coverage.background).toBe(0.6045334161699303);
    expect(Object.values(coverage).at(-1)).toBe(0.017041966175426138);
    expect(
      entries.every((entry) => "file" in entry && entry.file === join(cocoDataset, "coco_annotations.json")),
    ).toBe(true);
  });

  it("GeoJSON sample: mean image size and min/mean/max of the 12 shape columns", async () => {
    const { entries } = await new DsStats(geoDataset).performStats();
    const reference = await readReference("geo_stats.json");
    const compared = compareKeyByKey(entries, reference);
    expect(compared).toHaveLength(2 + 12);
    const geo = entries[1]!.stats as Record<string, [{ min: number }, { mean: number }, { max: number }]>;
    expect(geo.area![1].mean).toBe(101.4017731512165);
    expect(geo.rangle![1].mean).toBe(1.958843786912441);
  });

  it("writes stats.json equal to the returned entries, plots as PNG and SVG, and two HTML pages", async () => {
    const outputDir = join(await tempDir(), "out");
    const result = await new DsStats(geoDataset, { outputDir }).performStats();
    const written = JSON.parse(await readFile(join(outputDir, "stats.json"), "utf8"));
    expect(written).toEqual(JSON.parse(JSON.stringify(result.entries)));
    expect(Object.keys(written[1])).toEqual(["file", "obj", "stats"]);
    const names = result.outputs!.plots.map((path) => path.slice(outputDir.length + 1)).sort();
    for (const name of [
      "rangle_polarhist",
      "rotatedHW",
      "Bounding Box HW",
      "compactness_hist",
      "centroids",
    ]) {
      expect(names).toContain(`images/${name}.png`);
      expect(names).toContain(`images/${name}.svg`);
    }
    const png = await readFile(join(outputDir, "images/rangle_polarhist.png"));
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect(result.outputs!.annotationSummary).toBe(join(outputDir, "annotations.html"));
    expect(result.outputs!.imagePreview).toBe(join(outputDir, "preview.html"));
  });

  it("accepts an opened DsWrapper and explicit files instead of a folder", async () => {
    const explicit = await new DsStats({
      imagesDir: join(cocoDataset, "images"),
      cocoAnnotations: join(cocoDataset, "coco_annotations.json"),
    }).performStats();
    expect(explicit.entries).toHaveLength(7);
    const wrapped = await new DsStats(await DsWrapper.open(geoDataset)).performStats();
    expect(wrapped.entries.map((entry) => entry.obj)).toEqual(["images", "geojson"]);
    expect(wrapped.dataset.geojsonAnnotations).toBe(join(geoDataset, "annots.geojson"));
  });

  it("reports progress for image sizes, plots and thumbnails", async () => {
    const labels = new Set<string>();
    const outputDir = join(await tempDir(), "out");
    await new DsStats(geoDataset, {
      outputDir,
      onProgress: (event) => labels.add(event.label ?? ""),
    }).performStats();
    expect([...labels].sort()).toEqual(["image sizes", "plots", "thumbnails"]);
  });
});
