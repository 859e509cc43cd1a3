import { allocSamples, type Raster } from "@iqf/core";
import { approximateNormalQuantile } from "./normal.js";
import { sampleRange } from "./samples.js";

const TABLE_BITS = 16;
const TABLE_SIZE = 1 << TABLE_BITS;

/**
 * 65 536 equiprobable standard-normal values Φ⁻¹((i + ½)/65 536), rescaled to unit variance:
 * indexing it with 16 uniform random bits draws from a Gaussian (tails cut at ±4.3σ, which
 * changes nothing once samples are rounded to whole DN). Built once at load; never written.
 */
export const NORMAL_TABLE: Float32Array = (() => {
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

/** xoshiro128** state words a, b, c, d for `seed` (expanded by splitmix32; d is made odd). */
export function xoshiroState(seed: number): [number, number, number, number] {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
  return [next(), next(), next(), next() | 1];
}

/**
 * Fills `draws[0..count)` with 16-bit uniform draws from a xoshiro128** stream seeded with
 * `seed`: each 32-bit output gives two draws, high half first.
 */
function fillDraws(draws: Uint16Array, count: number, seed: number): void {
  let [a, b, c, d] = xoshiroState(seed);
  for (let i = 0; i < count; i += 2) {
    const b5 = Math.imul(b, 5);
    const random = Math.imul((b5 << 7) | (b5 >>> 25), 9);
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = (d << 11) | (d >>> 21);
    draws[i] = random >>> 16;
    draws[i + 1] = random & 0xffff;
  }
}

/**
 * Adds independent Gaussian noise N(0, σ_b²) to every sample of band b, for the bands listed in
 * `sigmas` (the first `sigmas.length` bands; later bands such as alpha are copied), drawn from a
 * xoshiro128** stream seeded with `seed` (one 16-bit draw per noisy sample, in pixel order,
 * indexing an equiprobable normal table); results are rounded to nearest and clamped to the
 * sample range. Same inputs, same output. Pure.
 */
export function addGaussianNoise(raster: Raster, sigmas: ArrayLike<number>, seed: number): Raster {
  const { width, height, channels, sampleType, data } = raster;
  const bands = sigmas.length;
  const pixels = width * height;
  const out = allocSamples(sampleType, data.length);
  if (bands < channels) out.set(data);
  const { min, max } = sampleRange(sampleType);
  // Integer targets round by truncating v + 0.5 on store (v is clamped to [0, max] first).
  const half = sampleType === "float32" ? 0 : 0.5;
  const count = pixels * bands;
  const draws = new Uint16Array(count + 1);
  fillDraws(draws, count, seed);
  // One strided pass per band: sample (p, band) takes draw p·bands + band.
  for (let band = 0; band < bands; band++) {
    const sigma = sigmas[band]!;
    for (let i = band, k = band; i < data.length; i += channels, k += bands) {
      const v = data[i]! + sigma * NORMAL_TABLE[draws[k]!]!;
      out[i] = (v < min ? min : Math.min(v, max)) + half;
    }
  }
  return { width, height, channels, sampleType, data: out };
}

/** Standard deviation of the noise to add so that an image of mean `mean` goes from SNR `initial` to `target`. */
export function addedNoiseSigma(mean: number, initial: number, target: number): number {
  return mean * Math.sqrt(Math.max(0, 1 / (target * target) - 1 / (initial * initial)));
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
