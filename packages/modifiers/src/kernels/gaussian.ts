import { allocSamples, type Raster } from "@iqf/core";
import { mapSharpGroups } from "./bands.js";
import { sampleRange } from "./samples.js";
import { sharpTransform } from "./sharp-raster.js";
import { wasmSeparableBlur8 } from "./wasm-blur.js";
import { fitsWasmKernels } from "./wasm-module.js";

/** How samples outside the image are read by {@link convolveSeparable}. */
export type BorderMode = "replicate" | "reflect101";

/**
 * Samples of a Gaussian exp(−x²/2σ²) at the integers −radius…radius, normalised to sum 1.
 * @param precision - `float32` rounds σ and every tap to float32 (torchvision's arithmetic).
 */
export function gaussianTaps(
  sigma: number,
  radius: number,
  precision: "float64" | "float32" = "float64",
): Float64Array {
  const round = precision === "float32" ? Math.fround : (v: number) => v;
  const s = round(sigma);
  const taps = new Float64Array(2 * radius + 1);
  let total = 0;
  for (let i = -radius; i <= radius; i++) {
    const tap = round(Math.exp(-0.5 * (i / s) ** 2));
    taps[i + radius] = tap;
    total = round(total + tap);
  }
  for (let i = 0; i < taps.length; i++) taps[i] = round(taps[i]! / total);
  return taps;
}

/** Radius that holds a Gaussian down to 0.1 % of its peak (libvips' `minAmplitude` 0.001). */
export function gaussianRadius(sigma: number): number {
  return Math.max(1, Math.ceil(sigma * Math.sqrt(-2 * Math.log(0.001))));
}

/** Variance (in pixels²) of the normalised sampled Gaussian kernel of `sigma`. */
export function sampledGaussianVariance(sigma: number): number {
  const taps = gaussianTaps(sigma, gaussianRadius(sigma) + 1);
  const radius = (taps.length - 1) / 2;
  let variance = 0;
  for (let i = 0; i < taps.length; i++) variance += taps[i]! * (i - radius) ** 2;
  return variance;
}

/**
 * The σ′ whose *sampled* kernel has variance σ². Below σ ≈ 1 a sampled Gaussian blurs less than
 * its nominal σ (at σ = 0.5 its variance is 14 % short); matching the variance keeps a blur of σ
 * adding exactly σ² to an image's point-spread variance, which the RER model relies on.
 * A bounded bisection (64 steps); above σ = 2 the two agree to 1e-9 and σ is returned.
 */
export function varianceMatchedSigma(sigma: number): number {
  if (sigma >= 2) return sigma;
  const target = sigma * sigma;
  let low = 0.05;
  let high = 2.5;
  for (let step = 0; step < 64; step++) {
    const mid = (low + high) / 2;
    if (sampledGaussianVariance(mid) < target) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

function borderIndex(size: number, radius: number, border: BorderMode): Int32Array {
  const index = new Int32Array(size + 2 * radius);
  for (let i = 0; i < index.length; i++) {
    let p = i - radius;
    if (border === "replicate" || size === 1) {
      p = p < 0 ? 0 : p >= size ? size - 1 : p;
    } else {
      const period = 2 * (size - 1);
      p = ((p % period) + period) % period;
      if (p >= size) p = period - p;
    }
    index[i] = p;
  }
  return index;
}

/**
 * Convolves every band with `taps` horizontally then vertically (a separable 2-D kernel), in
 * float, rounding the result to nearest and clamping to the sample range. Pure: allocates two
 * buffers per call, nothing per pixel.
 */
export function convolveSeparable(raster: Raster, taps: Float64Array, border: BorderMode): Raster {
  const { width, height, channels, sampleType, data } = raster;
  const radius = (taps.length - 1) / 2;
  const xs = borderIndex(width, radius, border);
  const ys = borderIndex(height, radius, border);
  const rowLength = width * channels;
  const horizontal = new Float32Array(rowLength * height);
  for (let y = 0; y < height; y++) {
    const row = y * rowLength;
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        let acc = 0;
        for (let k = 0; k < taps.length; k++) acc += taps[k]! * data[row + xs[x + k]! * channels + c]!;
        horizontal[row + x * channels + c] = acc;
      }
    }
  }
  const out = allocSamples(sampleType, data.length);
  const { min, max, round } = sampleRange(sampleType);
  const acc = new Float64Array(rowLength);
  for (let y = 0; y < height; y++) {
    acc.fill(0);
    for (let k = 0; k < taps.length; k++) {
      const tap = taps[k]!;
      const source = ys[y + k]! * rowLength;
      for (let i = 0; i < rowLength; i++) acc[i]! += tap * horizontal[source + i]!;
    }
    const row = y * rowLength;
    for (let i = 0; i < rowLength; i++) {
      const v = round(acc[i]!);
      out[row + i] = v < min ? min : Math.min(v, max);
    }
  }
  return { width, height, channels, sampleType, data: out };
}

/**
 * Blur with the sampled Gaussian kernel of parameter `kernelSigma` ({@link gaussianTaps}, radius
 * {@link gaussianRadius}), edges replicated. 8-bit rasters (any band count, up to about 10 Mpx RGB)
 * run in WebAssembly SIMD (float32, within 1 DN of float64); larger and 16-bit ones in libvips
 * (float precision), off the JS thread; kernels below libvips' 0.3 minimum and float rasters in JS.
 */
export async function sampledGaussianBlur(raster: Raster, kernelSigma: number): Promise<Raster> {
  const blurred = await sampledGaussianBlurInKernelMemory(raster, kernelSigma);
  return fitsWasmKernels(raster) ? { ...blurred, data: blurred.data.slice() } : blurred;
}

/**
 * {@link sampledGaussianBlur} whose 8-bit result is left in this thread's WebAssembly kernel
 * memory: a view valid until the next kernel call on this thread, for encoding straight away.
 */
export async function sampledGaussianBlurInKernelMemory(
  raster: Raster,
  kernelSigma: number,
): Promise<Raster> {
  const taps = gaussianTaps(kernelSigma, gaussianRadius(kernelSigma));
  if (fitsWasmKernels(raster)) return wasmSeparableBlur8(raster, taps);
  if (kernelSigma < LIBVIPS_MIN_SIGMA || raster.sampleType === "float32") {
    return convolveSeparable(raster, taps, "replicate");
  }
  return mapSharpGroups(raster, (group) =>
    sharpTransform(group, (pipeline) =>
      pipeline.blur({ sigma: kernelSigma, precision: "float", minAmplitude: 0.001 }),
    ),
  );
}

/** The smallest kernel σ libvips' Gaussian blur takes. */
const LIBVIPS_MIN_SIGMA = 0.3;

/**
 * Gaussian blur of standard deviation `sigma` pixels on every band, edges replicated, the kernel
 * wide enough to hold the Gaussian down to 0.1 % of its peak and variance-matched
 * ({@link varianceMatchedSigma}), so it adds exactly σ² to the image's point-spread variance.
 */
export function gaussianBlur(raster: Raster, sigma: number): Promise<Raster> {
  return sampledGaussianBlur(raster, varianceMatchedSigma(sigma));
}

/**
 * iquaflow's blur: torchvision's fixed 7×7 kernel (7 float32 taps at σ rounded to float32,
 * truncated and renormalised), reflect-101 borders; rounded instead of floored.
 */
export function iquaflowBlur7x7(raster: Raster, sigma: number): Raster {
  return convolveSeparable(raster, gaussianTaps(sigma, 3, "float32"), "reflect101");
}
