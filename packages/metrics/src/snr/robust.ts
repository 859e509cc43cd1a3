import { pairwiseSum } from "@iqf/core";
import type { ChannelPlane } from "../images/channel-planes.js";
import { selectInPlace } from "../numeric/select.js";
import { type ChannelSnr, unmeasured } from "./channel-snr.js";

/** Options of the robust estimator. */
export interface RobustSnrOptions {
  /** The samples are integers (8/16-bit): remove the rounding noise variance 1/12 (Sheppard). */
  readonly integerSamples: boolean;
}

/** Clipping bound, in σ, for the residuals that enter the noise estimate. */
const CLIP_SIGMAS = 3;
/** E[x² | |x| ≤ 3σ] / σ² for a normal variable: 1 − 2·3·φ(3) / (2Φ(3) − 1). */
const CLIPPED_VARIANCE_FACTOR = 0.9733369246625415;
/** Σ w² of the 3×3 kernel [1 −2 1; −2 4 −2; 1 −2 1]. */
const KERNEL_ENERGY = 36;
/** Fewest valid residuals for a meaningful estimate. */
const MIN_RESIDUALS = 64;

/**
 * iqf's robust SNR: signal = mean of the valid (non-zero) pixels; noise σ from the residual of
 * the 3×3 kernel [1 −2 1; −2 4 −2; 1 −2 1] (Immerkær 1996), which cancels flat areas, ramps and
 * straight horizontal/vertical edges, so the image content hardly leaks into it. The residual
 * σ is estimated by iterative 3σ clipping with the truncated-normal correction (edges and
 * texture outliers are rejected, Gaussian noise is kept unbiased), divided by √36, and the
 * variance of integer rounding (1/12) is removed for integer samples. SNR = mean / σ (linear).
 * `err` is the standard error propagated from the σ estimate.
 */
export function robustSnr(plane: ChannelPlane, options: RobustSnrOptions): ChannelSnr {
  const { width, height, data } = plane;
  const valid = new Float64Array(Math.max(0, (width - 2) * (height - 2)));
  let n = 0;
  let validCount = 0;
  const filled = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) {
    if (data[i] !== 0) {
      filled[i] = data[i]!;
      validCount++;
    }
  }
  if (validCount === 0) return unmeasured("no-data");
  const signal = pairwiseSum(filled) / validCount;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const a = data[i - width - 1]!;
      const b = data[i - width]!;
      const c = data[i - width + 1]!;
      const d = data[i - 1]!;
      const e = data[i]!;
      const f = data[i + 1]!;
      const g = data[i + width - 1]!;
      const h = data[i + width]!;
      const k = data[i + width + 1]!;
      if (a === 0 || b === 0 || c === 0 || d === 0 || e === 0 || f === 0 || g === 0 || h === 0 || k === 0)
        continue;
      valid[n++] = a + c + g + k - 2 * (b + d + f + h) + 4 * e;
    }
  }
  if (n < MIN_RESIDUALS) return unmeasured("too-few-windows", signal, n);
  const residuals = valid.subarray(0, n);
  const sigmaR = clippedSigma(residuals);
  const variance = (sigmaR * sigmaR) / KERNEL_ENERGY - (options.integerSamples ? 1 / 12 : 0);
  if (!(variance > 0)) return unmeasured("zero-noise", signal, residuals.length);
  const sigma = Math.sqrt(variance);
  const snr = signal / sigma;
  return { snr, err: snr / Math.sqrt(2 * residuals.length), status: "ok", samples: residuals.length, signal };
}

/** σ of zero-mean residuals by iterative 3σ clipping, corrected for the truncation. */
function clippedSigma(residuals: Float64Array): number {
  const abs = residuals.map(Math.abs);
  let sigma = 1.482602218505602 * selectInPlace(abs.slice(), abs.length >> 1);
  if (sigma === 0) sigma = Math.sqrt(secondMoment(abs, Number.POSITIVE_INFINITY));
  for (let iter = 0; iter < 50 && sigma > 0; iter++) {
    const next = Math.sqrt(secondMoment(abs, CLIP_SIGMAS * sigma) / CLIPPED_VARIANCE_FACTOR);
    if (Math.abs(next - sigma) <= 1e-9 * sigma) return next;
    sigma = next;
  }
  return sigma;
}

/** Mean of x² over the absolute values ≤ bound. */
function secondMoment(abs: Float64Array, bound: number): number {
  let sum = 0;
  let n = 0;
  for (const v of abs) {
    if (v > bound) continue;
    sum += v * v;
    n++;
  }
  return n === 0 ? 0 : sum / n;
}
