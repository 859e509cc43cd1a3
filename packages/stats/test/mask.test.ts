import { cp, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { DsStats, maskCoverage } from "@iqf/stats";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { geoDataset, tempDir } from "./helpers.js";

/** Writes a `width`×`height` 8-bit mask whose first `inside` pixels are 255 and the rest 0. */
async function writeMask(path: string, width: number, height: number, inside: number): Promise<void> {
  const pixels = new Uint8Array(width * height);
  pixels.fill(255, 0, inside);
  await sharp(pixels, { raw: { width, height, channels: 1 } })
    .tiff({ compression: "lzw" })
    .toFile(path);
}

describe("mask folder coverage", () => {
  it("gives iquaflow's percentages per pixel value (reference totals 74910 / 6090 of 81000)", async () => {
    const root = join(await tempDir(), "ds_geo_dataset_rasterized");
    await cp(geoDataset, root, { recursive: true });
    await mkdir(join(root, "images_mask"));
    // Ten 90×90 masks with the per-tile foreground counts iquaflow's Rasterize produced.
    const inside = [1106, 47, 5, 1189, 242, 867, 896, 389, 789, 560];
    for (const [index, count] of inside.entries()) {
      await writeMask(join(root, "images_mask", `tile${index}.tif_mask`), 90, 90, count);
    }
    const coverage = await maskCoverage(join(root, "images_mask"), 2);
    expect(coverage).toEqual({ "0": 92.48148148148148, "255": 7.518518518518518 });
    const { entries } = await new DsStats(root).performStats();
    expect(entries[0]).toEqual({ mask_dir: "images_mask", obj: "area_coverage_by_class", stats: coverage });
    expect(entries.map((entry) => entry.obj)).toEqual(["area_coverage_by_class", "images", "geojson"]);
  });
});
