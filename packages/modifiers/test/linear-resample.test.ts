import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Raster } from "@iqf/core";
import { decodeImage } from "@iqf/datasets";
import { describe, expect, it } from "vitest";
import { linearDownUpSupported, wasmLinearDownUp8 } from "../src/kernels/linear-resample.js";
import { reducedSize, resampleDownUp } from "../src/kernels/resample.js";
import { makeRaster } from "./helpers.js";

const images = join(import.meta.dirname, "../../../data/ds_coco_dataset/images");

/** A deterministic 8-bit raster of noise and ramps (every phase of the filters sees varied samples). */
function busy(width: number, height: number, channels: number, seed: number): Raster {
  let state = seed;
  return makeRaster(width, height, channels, "uint8", (x, y, c) => {
    state = (state * 1103515245 + 12345) >>> 0;
    return (x + y) % 7 === 0 ? (x * 3 + y * 5 + c * 11) % 256 : state >>> 24;
  });
}

/** The number of samples where two rasters differ (they must have the same shape). */
function differing(a: Raster, b: Raster): number {
  expect([a.width, a.height, a.channels, a.data.length]).toEqual([
    b.width,
    b.height,
    b.channels,
    b.data.length,
  ]);
  let count = 0;
  for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) count++;
  return count;
}

/** The WebAssembly result next to libvips' (sharp) for one raster and scale: the count of differing samples. */
async function compare(raster: Raster, scale: number): Promise<number> {
  const small = reducedSize(raster.width, raster.height, scale);
  expect(linearDownUpSupported(raster, small), `${raster.width}×${raster.height} by ${scale}`).toBe(true);
  const expected = await resampleDownUp(raster, scale, "linear");
  // The result is a view into kernel memory: compare before the next call.
  return differing(await wasmLinearDownUp8(raster, small), expected);
}

describe("wasmLinearDownUp8", () => {
  it("gives libvips' samples on the COCO sample at the scales 1.2 to 3.9", async () => {
    const files = (await readdir(images)).filter((name) => name.endsWith(".jpg")).sort();
    for (const file of files) {
      const { raster } = await decodeImage(await readFile(join(images, file)), file);
      for (const scale of [2, 1.5, 3, 2.5, 1.2, 3.9])
        expect(await compare(raster, scale), `${file} ${scale}`).toBe(0);
    }
  }, 120_000);

  it("gives libvips' samples on odd sizes, grey and RGB, at non-dyadic scales", async () => {
    let seed = 7;
    for (const [width, height] of [
      [2, 2],
      [3, 17],
      [101, 57],
      [427, 213],
      [1033, 769],
    ] as const) {
      for (const channels of [1, 3]) {
        for (const scale of [1.01, 1.7, 2, 2.3, 3.3]) {
          if (Math.trunc(width / scale) < 1 || Math.trunc(height / scale) < 1) continue;
          const raster = busy(width, height, channels, seed++);
          expect(await compare(raster, scale), `${width}×${height}×${channels} by ${scale}`).toBe(0);
        }
      }
    }
  }, 120_000);

  it("leaves to libvips what it does in more than one step: factors of 4 and more, no reduction", () => {
    const raster = busy(64, 48, 3, 1);
    expect(linearDownUpSupported(raster, { width: 16, height: 12 })).toBe(false);
    expect(linearDownUpSupported(raster, { width: 64, height: 24 })).toBe(false);
    expect(linearDownUpSupported(raster, { width: 32, height: 24 })).toBe(true);
    const sixteen = makeRaster(64, 48, 1, "uint16", () => 1000);
    expect(linearDownUpSupported(sixteen, { width: 32, height: 24 })).toBe(false);
  });
});
