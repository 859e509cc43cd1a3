import type { Raster, SourceImage } from "@iqf/core";
import type { ChannelPlane } from "@iqf/metrics";
import { seededNormal } from "@iqf/metrics/testing";

/** Flat background `mean` with bright and dark rectangles (equal areas) — the clean scene. */
export function flatScene(width: number, height: number, mean: number, contrast: number): Float64Array {
  const out = new Float64Array(width * height).fill(mean);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bx = Math.floor(x / 64);
      const by = Math.floor(y / 64);
      const inside = x % 64 >= 16 && x % 64 < 48 && y % 64 >= 16 && y % 64 < 48;
      if (inside) out[y * width + x] = mean + ((bx + by) % 2 === 0 ? contrast : -contrast);
    }
  }
  return out;
}

/** Adds Gaussian noise, rounds and clamps to 8 bits. */
export function noisy8bit(clean: Float64Array, sigma: number, seed: number): Float64Array {
  const normal = seededNormal(seed);
  return clean.map((v) => Math.min(255, Math.max(0, Math.round(v + sigma * normal()))));
}

/** A single-band plane. */
export function plane(width: number, height: number, data: Float64Array, label = "gray"): ChannelPlane {
  return { width, height, data, label };
}

/** Wraps 8-bit samples as a one-band raster. */
export function raster8(width: number, height: number, data: Float64Array): Raster {
  return {
    width,
    height,
    channels: 1,
    sampleType: "uint8",
    data: Uint8Array.from(data, (v) => Math.round(v)),
  };
}

/** A `SourceImage` over an in-memory raster, for calling a modifier's `modifyImage` directly. */
export function memorySource(raster: Raster, name = "synthetic.png"): SourceImage {
  return {
    path: `/memory/${name}`,
    relativePath: name,
    format: "png",
    read: () => Promise.reject(new Error("in-memory image has no file")),
    decode: () => Promise.resolve(raster),
  };
}

/** The samples of a modifier result that returned a raster, as doubles. */
export function samplesOf(result: unknown): Float64Array {
  const raster = (result as { raster?: Raster }).raster;
  if (!raster) throw new Error("the modifier did not return a raster");
  return Float64Array.from(raster.data);
}
