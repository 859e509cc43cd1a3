import { normalCdf, normalQuantile } from "./normal.js";

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
 * Standard deviation of the extra Gaussian blur that takes an image of RER `initial` to RER
 * `target` (Gaussian LSFs add variances): σ = √(σ_target² − σ_initial²). Requires target < initial.
 */
export function extraBlurForRer(initial: number, target: number): number {
  if (!(target < initial))
    throw new RangeError(`target RER ${target} must be below the initial RER ${initial}`);
  const sigmaInitial = sigmaFromRer(initial);
  const sigmaTarget = sigmaFromRer(target);
  return Math.sqrt(sigmaTarget * sigmaTarget - sigmaInitial * sigmaInitial);
}
