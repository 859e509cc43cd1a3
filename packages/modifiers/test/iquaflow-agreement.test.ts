import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Raster, SourceImage } from "@iqf/core";
import { decodeImage, encodeRaster, readRaster } from "@iqf/datasets";
import { createModifier } from "@iqf/modifiers";
import { beforeAll, describe, expect, it } from "vitest";
import { bandStats, context } from "./helpers.js";

const repo = resolve(import.meta.dirname, "../../..");

interface InMemory {
  readonly mean_per_channel: number[];
  readonly std_per_channel: number[];
  readonly psnr_vs_input: number | null;
}
let reference: Record<string, { in_memory: Record<string, InMemory> }>;

beforeAll(async () => {
  const text = await readFile(join(repo, "fixtures/reference/iquaflow/iquaflow-ref.json"), "utf8");
  reference = JSON.parse(text).modifiers.modifiers;
});

// 000000184613.jpg is left out: its decoded pixels differ between OpenCV and libvips (even
// iquaflow's quant output, a pure bit mask, is up to 80 DN away there), so no modifier can match.
const FILES = ["000000005802.jpg", "000000060623.jpg"];

/**
 * The decoded sample photo as a lossless PNG source: iquaflow's figures are for the modified
 * samples in memory, so the result must not go through another JPEG encode before comparing.
 */
async function source(file: string): Promise<SourceImage> {
  const path = join(repo, "data/ds_coco_dataset/images", file);
  const { raster } = await readRaster(path);
  const png = await encodeRaster(raster, { format: "png" });
  return {
    path,
    relativePath: file,
    format: "png",
    read: async () => png,
    decode: async () => raster,
  };
}

async function modified(
  type: string,
  params: Record<string, string | number>,
  file: string,
): Promise<Raster> {
  const result = await createModifier(type, params).modifyImage(await source(file), context());
  if ("raster" in result) return result.raster;
  if ("encoded" in result) return (await decodeImage(result.encoded, file)).raster;
  throw new Error("unexpected file result");
}

function psnr(a: Raster, b: Raster): number {
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += (a.data[i]! - b.data[i]!) ** 2;
  return 10 * Math.log10((255 * 255) / (sum / a.data.length));
}

// label in iquaflow-ref → our modifier; mean/std tolerances in DN (iquaflow floors results: −0.5 DN)
const CASES: [string, string, Record<string, string | number>][] = [
  ["jpg10", "jpg", { quality: 10 }],
  ["jpg50", "jpg", { quality: 50 }],
  ["jpg90", "jpg", { quality: 90 }],
  ["blur_sigma1", "blur", { sigma: 1 }],
  ["blur_sigma1", "blur", { sigma: 1, kernel: "iquaflow7x7" }],
  ["blur_sigma3", "blur", { sigma: 3, kernel: "iquaflow7x7" }],
  ["gsd_scale2", "gsd", { scale: 2 }],
  ["gsd_scale1.5", "gsd", { scale: 1.5 }],
  ["quant4", "quant", { bits: 4 }],
  ["quant5", "quant", { bits: 5 }],
  ["rer0.3_init0.55", "rer", { rer: 0.3, initial_rer: 0.55 }],
  ["rer0.2_default_xview", "rer", {}],
  ["sharpness2", "sharpness", { sharpness: 2 }],
  ["sharpness0.5", "sharpness", { sharpness: 0.5 }],
  ["snr20_default_xview", "snr", {}],
  ["snr10_init31", "snr", { snr: 10, initial_snr: 31 }],
];

describe("per-image statistics agree with iquaflow's in-memory output (iquaflow-ref §3)", () => {
  it.each(CASES)("%s ≈ %s %j", async (label, type, params) => {
    for (const file of FILES) {
      const expected = reference[label]!.in_memory[file]!;
      const out = await modified(type, params, file);
      for (let c = 0; c < 3; c++) {
        const ours = bandStats(out, 2 - c); // iquaflow is BGR, rasters are RGB
        expect(Math.abs(ours.mean - expected.mean_per_channel[c]!)).toBeLessThan(1.2);
        expect(Math.abs(ours.std - expected.std_per_channel[c]!)).toBeLessThan(2);
      }
    }
  });

  it("quant and snr change the images exactly as much as iquaflow (PSNR vs input)", async () => {
    for (const file of FILES) {
      const input = (await readRaster(join(repo, "data/ds_coco_dataset/images", file))).raster;
      for (const [label, type, params, tolerance] of [
        ["quant4", "quant", { bits: 4 }, 0.05],
        ["quant5", "quant", { bits: 5 }, 0.05],
        ["snr20_default_xview", "snr", {}, 0.6],
        ["snr10_init31", "snr", { snr: 10, initial_snr: 31 }, 0.7],
      ] as const) {
        const expected = reference[label]!.in_memory[file]!.psnr_vs_input!;
        expect(Math.abs(psnr(input, await modified(type, params, file)) - expected)).toBeLessThan(tolerance);
      }
    }
  });
});
