import { cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import type { Raster } from "@iqf/core";
import { modifyDataset, readRaster } from "@iqf/datasets";
import { BlurModifier, createModifier, JpgModifier, QuantModifier } from "@iqf/modifiers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bandStats } from "./helpers.js";

const repo = resolve(import.meta.dirname, "../../..");
let work: string;
let coco: string;
let geo: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "iqf-modifiers-e2e-"));
  coco = join(work, "ds_coco_dataset");
  geo = join(work, "ds_geo_dataset");
  await cp(join(repo, "data/ds_coco_dataset"), coco, { recursive: true });
  await cp(join(repo, "data/ds_geo_dataset"), geo, { recursive: true });
});
afterAll(() => rm(work, { recursive: true, force: true }));

async function pair(output: string, file: string): Promise<[Raster, Raster]> {
  const before = await readRaster(join(repo, "data/ds_coco_dataset/images", file));
  const after = await readRaster(join(output, "images", file));
  return [before.raster, after.raster];
}

describe("modifiers through modifyDataset on the COCO sample", () => {
  it("jpg85 writes ds_coco_dataset#jpg85_modifier with every image and the annotations", async () => {
    const result = await modifyDataset(coco, new JpgModifier({ quality: 85 }));
    expect(basename(result.output)).toBe("ds_coco_dataset#jpg85_modifier");
    expect(result.images).toBe(10);
    expect(result.failed).toEqual([]);
    expect(await readdir(join(result.output, "images"))).toEqual(await readdir(join(coco, "images")));
    expect(await readFile(join(result.output, "coco_annotations.json"))).toEqual(
      await readFile(join(coco, "coco_annotations.json")),
    );
    expect(result.dataset.params).toMatchObject({ quality: 85 });
  });

  it("quant4 matches iquaflow's means (top 4 bits kept, then the JPEG write)", async () => {
    const { output, failed } = await modifyDataset(coco, new QuantModifier({ bits: 4 }));
    expect(failed).toEqual([]);
    const [, after] = await pair(output, "000000005802.jpg");
    // iquaflow-ref quant4 saved means (B,G,R) 81.753, 97.271, 108.274 → ours is RGB
    const expected = [108.274, 97.271, 81.753];
    for (let c = 0; c < 3; c++) expect(Math.abs(bandStats(after, c).mean - expected[c]!)).toBeLessThan(1);
  });

  it("names folders the iquaflow way for string params from a command line", async () => {
    const result = await modifyDataset(coco, createModifier("gsd", { scale: "2.0", resol: "0.3" }));
    expect(basename(result.output)).toBe("ds_coco_dataset#gsd0.6_modifier");
    expect(result.failed).toEqual([]);
    const [before, after] = await pair(result.output, "000000184613.jpg");
    expect([after.width, after.height, after.channels]).toEqual([
      before.width,
      before.height,
      before.channels,
    ]);
  });
});

describe("16-bit GeoTIFFs", () => {
  it("keep 16 bits (no clipping to 8) through quant, blur and jpg", async () => {
    const first = (await readdir(join(geo, "images"))).sort()[0]!;
    const source = (await readRaster(join(geo, "images", first))).raster;
    expect(source.sampleType).toBe("uint16");
    expect(Math.max(...source.data)).toBeGreaterThan(255);
    const outputs = new Map<string, Raster>();
    for (const modifier of [
      new QuantModifier({ bits: 10 }),
      new BlurModifier({ sigma: 1.5 }),
      new JpgModifier({ quality: 50 }),
    ]) {
      const result = await modifyDataset(geo, modifier);
      expect(result.failed).toEqual([]);
      const out = (await readRaster(join(result.output, "images", first))).raster;
      expect([out.sampleType, out.width, out.height, out.channels]).toEqual([
        "uint16",
        source.width,
        source.height,
        source.channels,
      ]);
      expect(Math.max(...out.data)).toBeGreaterThan(255);
      outputs.set(modifier.name, out);
    }
    const quant = outputs.get("quant10_modifier")!;
    expect(quant.data.every((v, i) => v % 64 === 0 && v <= source.data[i]! && source.data[i]! - v < 64)).toBe(
      true,
    );
    for (const name of ["blur1.5_modifier", "jpg50_modifier"]) {
      const mean = bandStats(outputs.get(name)!).mean;
      expect(Math.abs(mean - bandStats(source).mean) / bandStats(source).mean).toBeLessThan(0.02);
    }
  });
});
