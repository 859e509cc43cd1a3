import { allocSamples, type Raster } from "@iqf/core";
import { sampleRange } from "./samples.js";

/**
 * Weights of the sharpness blend of factor f: out = f·v + (1 − f)(Σ₉ + 4v)/13 = centre·v + ring·(Σ₉ − v),
 * Σ₉ the 3×3 neighbourhood sum (the sample included).
 */
export function sharpnessWeights(factor: number): { centre: number; ring: number } {
  return { centre: factor + (1 - factor) * (5 / 13), ring: (1 - factor) / 13 };
}

/**
 * torchvision's `adjust_sharpness`, on any band count and 8/16-bit or float data: the interior is
 * blended as f·image + (1 − f)·smooth, where smooth is the 3×3 kernel [[1,1,1],[1,5,1],[1,1,1]]/13;
 * border pixels keep their value (and images of width or height ≤ 2 are returned unchanged).
 * f = 0 smooths, f = 1 is the identity, f > 1 sharpens. Results are rounded and clamped.
 * Only the first `bands` bands are changed (all by default). Pure.
 */
export function sharpnessBlend(raster: Raster, factor: number, bands = raster.channels): Raster {
  const { width, height, channels, sampleType, data } = raster;
  const out = allocSamples(sampleType, data.length);
  out.set(data);
  if (width <= 2 || height <= 2) return { ...raster, data: out };
  const { min, max } = sampleRange(sampleType);
  // Integer targets round by truncating v + 0.5 on store (v is clamped to [0, max] first).
  const half = sampleType === "float32" ? 0 : 0.5;
  const row = width * channels;
  const { centre, ring } = sharpnessWeights(factor);
  // All bands: one pass over every interior sample; otherwise one strided pass per data band.
  const stride = bands === channels ? 1 : channels;
  const passes = bands === channels ? 1 : bands;
  for (let y = 1; y < height - 1; y++) {
    const end = (y + 1) * row - channels;
    for (let band = 0; band < passes; band++) {
      for (let k = y * row + channels + band; k < end; k += stride) {
        const up = k - row;
        const down = k + row;
        const neighbours =
          data[up - channels]! +
          data[up]! +
          data[up + channels]! +
          data[k - channels]! +
          data[k + channels]! +
          data[down - channels]! +
          data[down]! +
          data[down + channels]!;
        const v = centre * data[k]! + ring * neighbours;
        out[k] = (v < min ? min : Math.min(v, max)) + half;
      }
    }
  }
  return { width, height, channels, sampleType, data: out };
}
