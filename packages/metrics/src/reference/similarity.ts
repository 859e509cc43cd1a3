import type { Raster } from "@iqf/core";

/** SSIM constants of Wang et al. (2004). */
const K1 = 0.01;
const K2 = 0.03;
/** Gaussian window: σ = 1.5 px, 11 taps (radius 5). */
const SIGMA = 1.5;
const RADIUS = 5;
/** Side of the SSIM window in pixels. */
export const SSIM_WINDOW = 2 * RADIUS + 1;

const WEIGHTS: Float64Array = (() => {
  const taps = new Float64Array(SSIM_WINDOW);
  let sum = 0;
  for (let i = 0; i < SSIM_WINDOW; i++) sum += taps[i] = Math.exp(-((i - RADIUS) ** 2) / (2 * SIGMA * SIGMA));
  for (let i = 0; i < SSIM_WINDOW; i++) taps[i]! /= sum;
  return taps;
})();

function assertComparable(a: Raster, b: Raster): void {
  if (a.width !== b.width || a.height !== b.height || a.channels !== b.channels) {
    throw new RangeError(
      `size mismatch: ${a.width}×${a.height}×${a.channels} against ${b.width}×${b.height}×${b.channels} (width×height×bands)`,
    );
  }
}

function assertRange(dataRange: number): void {
  if (!(dataRange > 0 && Number.isFinite(dataRange)))
    throw new RangeError(`dataRange=${dataRange}: must be a number > 0`);
}

/**
 * Peak signal-to-noise ratio of `b` against the reference `a`, in dB:
 * `10·log10(dataRange² / MSE)`, MSE over every sample of every band (as scikit-image's
 * `peak_signal_noise_ratio`). Identical images give `Infinity`.
 * @throws RangeError when the sizes or band counts differ or `dataRange` is not > 0.
 */
export function psnr(a: Raster, b: Raster, dataRange: number): number {
  assertComparable(a, b);
  assertRange(dataRange);
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += (a.data[i]! - b.data[i]!) ** 2;
  const mse = sum / a.data.length;
  return mse === 0 ? Number.POSITIVE_INFINITY : 10 * Math.log10((dataRange * dataRange) / mse);
}

/** Band `channel` of a raster and its square, and the product with the same band of another. */
function moments(a: Raster, b: Raster, channel: number): Float64Array[] {
  const n = a.width * a.height;
  const planes = [0, 1, 2, 3, 4].map(() => new Float64Array(n));
  const [x, y, xx, yy, xy] = planes as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  for (let p = 0, i = channel; p < n; p++, i += a.channels) {
    const u = a.data[i]!;
    const v = b.data[i]!;
    x[p] = u;
    y[p] = v;
    xx[p] = u * u;
    yy[p] = v * v;
    xy[p] = u * v;
  }
  return planes;
}

/** Gaussian-weighted local means over every window that lies wholly inside the image ("valid"). */
function validFilter(plane: Float64Array, width: number, height: number): Float64Array {
  const outWidth = width - 2 * RADIUS;
  const outHeight = height - 2 * RADIUS;
  const rows = new Float64Array(outWidth * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < outWidth; x++) {
      let sum = 0;
      for (let k = 0; k < SSIM_WINDOW; k++) sum += WEIGHTS[k]! * plane[y * width + x + k]!;
      rows[y * outWidth + x] = sum;
    }
  }
  const out = new Float64Array(outWidth * outHeight);
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) {
      let sum = 0;
      for (let k = 0; k < SSIM_WINDOW; k++) sum += WEIGHTS[k]! * rows[(y + k) * outWidth + x]!;
      out[y * outWidth + x] = sum;
    }
  }
  return out;
}

/**
 * Mean structural similarity of `b` against the reference `a`, exactly as Wang, Bovik, Sheikh
 * and Simoncelli (2004), "Image quality assessment: from error visibility to structural
 * similarity", IEEE TIP 13(4):
 * - window: 11×11 Gaussian, σ = 1.5 px, weights normalised to sum 1 (separable: the product of
 *   two normalised 11-tap 1-D kernels, as MATLAB's `fspecial('gaussian', 11, 1.5)`);
 * - local statistics per window: μ = Σw·x, σ² = Σw·x² − μ², σxy = Σw·xy − μxμy (weighted,
 *   not the sample-covariance N/(N−1) correction);
 * - SSIM = ((2μxμy + C1)(2σxy + C2)) / ((μx² + μy² + C1)(σx² + σy² + C2)), C1 = (K1·L)²,
 *   C2 = (K2·L)², K1 = 0.01, K2 = 0.03, L = `dataRange`;
 * - averaged over the windows that lie wholly inside the image (MATLAB's `'valid'` filtering;
 *   no border padding, no down-sampling), computed on the raw sample values in float64;
 * - per band (every band, alpha included), then the mean of the bands.
 * This equals scikit-image's `structural_similarity(a, b, gaussian_weights=True, sigma=1.5,
 * use_sample_covariance=False, data_range=L, channel_axis=-1)`. Identical images give 1.
 * @throws RangeError when the sizes or band counts differ, an image is smaller than 11×11 or
 * `dataRange` is not > 0.
 */
export function ssim(a: Raster, b: Raster, dataRange: number): number {
  assertComparable(a, b);
  assertRange(dataRange);
  if (a.width < SSIM_WINDOW || a.height < SSIM_WINDOW)
    throw new RangeError(
      `SSIM needs at least ${SSIM_WINDOW}×${SSIM_WINDOW} pixels, got ${a.width}×${a.height}`,
    );
  const c1 = (K1 * dataRange) ** 2;
  const c2 = (K2 * dataRange) ** 2;
  let total = 0;
  for (let channel = 0; channel < a.channels; channel++) {
    const [mx, my, mxx, myy, mxy] = moments(a, b, channel).map((plane) =>
      validFilter(plane, a.width, a.height),
    ) as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
    let sum = 0;
    for (let i = 0; i < mx.length; i++) {
      const ux = mx[i]!;
      const uy = my[i]!;
      const vx = mxx[i]! - ux * ux;
      const vy = myy[i]! - uy * uy;
      const vxy = mxy[i]! - ux * uy;
      sum += ((2 * ux * uy + c1) * (2 * vxy + c2)) / ((ux * ux + uy * uy + c1) * (vx + vy + c2));
    }
    total += sum / mx.length;
  }
  return total / a.channels;
}
