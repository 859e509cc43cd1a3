import { allocSamples, type Raster } from "@iqf/core";
import { approximateNormalQuantile } from "./normal.js";
import { sampleRange } from "./samples.js";

const TABLE_BITS = 16;
const TABLE_SIZE = 1 << TABLE_BITS;

/**
 * 65 536 equiprobable standard-normal values Φ⁻¹((i + ½)/65 536), rescaled to unit variance:
 * indexing it with 16 uniform random bits draws from a Gaussian (tails cut at ±4.3σ, which
 * changes nothing once samples are rounded to whole DN). Immutable, built once at load.
 */
const NORMAL_TABLE: Float32Array = (() => {
  const table = new Float32Array(TABLE_SIZE);
  let sumSquares = 0;
  for (let i = 0; i < TABLE_SIZE; i++) {
    const value = approximateNormalQuantile((i + 0.5) / TABLE_SIZE);
    table[i] = value;
    sumSquares += value * value;
  }
  const scale = 1 / Math.sqrt(sumSquares / TABLE_SIZE);
  for (let i = 0; i < TABLE_SIZE; i++) table[i]! *= scale;
  return table;
})();

/** FNV-1a 32-bit hash of a string (e.g. an image's relative path), for per-image seeds. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Seed of one image's noise stream: the user's seed mixed with the image's relative path. */
export function imageSeed(seed: number, relativePath: string): number {
  return (hashString(relativePath) ^ Math.imul(seed >>> 0, 0x9e3779b1)) >>> 0;
}

/**
 * Adds independent Gaussian noise N(0, σ_b²) to every sample of band b, for the bands listed in
 * `sigmas` (the first `sigmas.length` bands; later bands such as alpha are copied), drawn from a
 * xoshiro128** stream seeded with `seed`; results are rounded to nearest and clamped to the
 * sample range. Same inputs, same output. Pure; no per-pixel allocation.
 */
export function addGaussianNoise(raster: Raster, sigmas: ArrayLike<number>, seed: number): Raster {
  const { width, height, channels, sampleType, data } = raster;
  const bands = sigmas.length;
  const sigma = Float64Array.from(sigmas);
  const out = allocSamples(sampleType, data.length);
  if (bands < channels) out.set(data);
  const { min, max } = sampleRange(sampleType);
  // Integer targets round by truncating v + 0.5 on store (v is clamped to [0, max] first).
  const half = sampleType === "float32" ? 0 : 0.5;
  // splitmix32 expands the seed into xoshiro128**'s four words of state.
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
  let a = next();
  let b = next();
  let c = next();
  let d = next() | 1;
  let random = 0;
  let spare = false;
  for (let i = 0, band = 0; i < data.length; i++, band = band + 1 === channels ? 0 : band + 1) {
    if (band >= bands) continue;
    // Each 32-bit draw gives two 16-bit table indices.
    let index: number;
    if (spare) {
      index = random & 0xffff;
      spare = false;
    } else {
      const b5 = Math.imul(b, 5);
      random = Math.imul((b5 << 7) | (b5 >>> 25), 9) >>> 0;
      const t = b << 9;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= t;
      d = (d << 11) | (d >>> 21);
      index = random >>> 16;
      spare = true;
    }
    const v = data[i]! + sigma[band]! * NORMAL_TABLE[index]!;
    out[i] = (v < min ? min : Math.min(v, max)) + half;
  }
  return { width, height, channels, sampleType, data: out };
}

/** Mean of each of the first `bands` bands (all bands by default), in float64. */
export function bandMeans(raster: Raster, bands = raster.channels): Float64Array {
  const { channels, data } = raster;
  const sums = new Float64Array(bands);
  for (let i = 0; i < data.length; i += channels) {
    for (let band = 0; band < bands; band++) sums[band]! += data[i + band]!;
  }
  const pixels = data.length / channels;
  return sums.map((sum) => sum / pixels);
}
