import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { InvalidParams } from "@iqf/core";
import { modifyDataset, readRaster } from "@iqf/datasets";
import { GammaModifier } from "@iqf/example-plugin-modifier";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = resolve(import.meta.dirname, "../../..");
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "iqf-plugin-"));
  await cp(join(repo, "data/ds_coco_dataset"), join(work, "ds_coco_dataset"), { recursive: true });
  await cp(join(repo, "data/ds_geo_dataset"), join(work, "ds_geo_dataset"), { recursive: true });
});
afterAll(() => rm(work, { recursive: true, force: true }));

function mean(data: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += data[i]!;
  return sum / data.length;
}

describe("a third-party modifier runs through modifyDataset", () => {
  it("writes <dataset>#gamma2_modifier with darker images and the annotations copied", async () => {
    const result = await modifyDataset(join(work, "ds_coco_dataset"), new GammaModifier({ gamma: 2 }));
    expect(basename(result.output)).toBe("ds_coco_dataset#gamma2_modifier");
    expect(result.images).toBe(10);
    expect(result.failed).toEqual([]);
    expect(await readdir(result.output)).toContain("coco_annotations.json");
    const file = "000000005802.jpg";
    const before = await readRaster(join(work, "ds_coco_dataset/images", file));
    const after = await readRaster(join(result.output, "images", file));
    expect(mean(after.raster.data)).toBeLessThan(mean(before.raster.data) * 0.7);
  });

  it("keeps 16-bit GeoTIFF samples 16-bit", async () => {
    const result = await modifyDataset(join(work, "ds_geo_dataset"), new GammaModifier({ gamma: 0.5 }));
    expect(result.failed).toEqual([]);
    const first = (await readdir(join(result.output, "images"))).sort()[0]!;
    const out = await readRaster(join(result.output, "images", first));
    expect(out.raster.sampleType).toBe("uint16");
  });

  it("refuses a bad gamma", () => {
    expect(() => new GammaModifier({ gamma: -1 })).toThrow(InvalidParams);
    expect(() => new GammaModifier({ gamma: -1 })).toThrow(/gamma=-1: must be a number > 0/);
  });
});
