import { normalCdf } from "@iqf/core";
import { gaussianRadius, gaussianTaps } from "./gaussian.js";
import { normalQuantile } from "./normal.js";

/**
 * Relative edge response of an edge blurred by a Gaussian line-spread function of standard
 * deviation `sigma` pixels: the rise of the edge-spread function between −0.5 and +0.5 px,
 * RER = Φ(0.5/σ) − Φ(−0.5/σ) = 2Φ(0.5/σ) − 1. (iquaflow evaluates the same quantity on a
 * 1400-sample grid; the two agree to about 1e-4.)
 */
export function rerFromSigma(sigma: number): number {
  return 2 * normalCdf(0.5 / sigma) - 1;
}

/** Inverse of {@link rerFromSigma}, in closed form: σ = 0.5 / Φ⁻¹((1 + RER) / 2), for 0 < RER < 1. */
export function sigmaFromRer(rer: number): number {
  if (!(rer > 0 && rer < 1)) throw new RangeError(`RER must be between 0 and 1 (exclusive), got ${rer}`);
  return 0.5 / normalQuantile((1 + rer) / 2);
}

/**
 * Standard deviation of the continuous Gaussian blur that takes an edge of RER `initial` to RER
 * `target` (Gaussian LSFs add variances): σ = √(σ_target² − σ_initial²). Requires target < initial.
 */
export function extraBlurForRer(initial: number, target: number): number {
  if (!(target < initial))
    throw new RangeError(`target RER ${target} must be below the initial RER ${initial}`);
  const sigmaInitial = sigmaFromRer(initial);
  const sigmaTarget = sigmaFromRer(target);
  return Math.sqrt(sigmaTarget * sigmaTarget - sigmaInitial * sigmaInitial);
}

/**
 * RER of an edge with Gaussian LSF σ₀ after a discrete blur with `taps` (centred): the LSF becomes
 * Σ_n k_n·G_σ₀(x − n), so RER = Σ_n k_n·[Φ((0.5 − n)/σ₀) − Φ((−0.5 − n)/σ₀)]. This is what a
 * slanted-edge measurement sees on the blurred image.
 */
export function rerAfterDiscreteBlur(sigma0: number, taps: Float64Array): number {
  const radius = (taps.length - 1) / 2;
  let rer = 0;
  for (let i = 0; i < taps.length; i++) {
    const n = i - radius;
    rer += taps[i]! * (normalCdf((0.5 - n) / sigma0) - normalCdf((-0.5 - n) / sigma0));
  }
  return rer;
}

/**
 * Parameter of the sampled Gaussian kernel ({@link gaussianTaps}) that takes an edge of RER
 * `initial` to exactly RER `target` under {@link rerAfterDiscreteBlur}. Above ~1 px it equals
 * {@link extraBlurForRer}; for small blurs of sharp edges it corrects the few-tap kernel's
 * departure from a Gaussian (e.g. 0.7 → 0.55 would otherwise measure 0.588). A bounded bisection
 * (64 steps), so it always terminates. Requires target < initial.
 */
export function kernelSigmaForRer(initial: number, target: number): number {
  const continuous = extraBlurForRer(initial, target);
  const sigma0 = sigmaFromRer(initial);
  const rerWith = (kernelSigma: number) =>
    rerAfterDiscreteBlur(sigma0, gaussianTaps(kernelSigma, gaussianRadius(kernelSigma)));
  let low = 0.01;
  let high = Math.max(1, 2 * continuous);
  for (let step = 0; step < 64; step++) {
    const mid = (low + high) / 2;
    if (rerWith(mid) > target) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}
