/**
 * iquaflow's edge model and its numerical helpers: the logistic ESF
 * `d + a / (1 + exp(−(x − b)/s))` fitted by Levenberg–Marquardt, and not-a-knot cubic spline
 * interpolation on a uniform grid (scipy's `CubicSpline` default), used for its transects and its
 * MTF.
 */
import { type CurveModel, fitCurve } from "../numeric/levenberg-marquardt.js";

/** A fitted logistic ESF and its coefficient of determination over the fitted samples. */
export interface LogisticFit {
  /** Level of the dark side. */
  readonly d: number;
  /** Step height (positive for an increasing ESF). */
  readonly a: number;
  /** Edge position, px. */
  readonly b: number;
  /** Scale (|s|), px: the logistic's width parameter. */
  readonly s: number;
  /** R² of the fit. */
  readonly r2: number;
}

/** The logistic ESF `d + a / (1 + exp(−(x − b)/s))` with parameters `[d, a, b, s]`, for {@link fitCurve}. */
export const logisticModel: CurveModel = (x, p, gradient) => {
  const a = p[1]!;
  const b = p[2]!;
  const s = p[3]!;
  const e = Math.exp(-(x - b) / s);
  const g = 1 / (1 + e);
  const dg = Number.isFinite(e) ? g * g * e : 0;
  gradient[0] = 1;
  gradient[1] = g;
  gradient[2] = (-a * dg) / s;
  gradient[3] = (-a * dg * (x - b)) / (s * s);
  return p[0]! + a * g;
};

/**
 * Fits the logistic ESF to `(xs, ys)` by Levenberg–Marquardt from `start` = `[d, a, b, s]`
 * (default `[0, 1, 0, 0.5]`, for ys normalised: dark ≈ 0, bright ≈ 1). Returns null when the
 * fit does not converge to a finite, non-zero scale.
 */
export function fitLogisticEsf(
  xs: Float64Array,
  ys: Float64Array,
  start: Float64Array = Float64Array.of(0, 1, 0, 0.5),
): LogisticFit | null {
  const n = xs.length;
  if (n < 6) return null;
  const fit = fitCurve(xs, ys, start, logisticModel);
  if (!fit) return null;
  const { cost } = fit;
  // A negative scale with a negative step is the same curve as the positive one.
  const p = fit.p[3]! < 0 ? Float64Array.of(fit.p[0]! + fit.p[1]!, -fit.p[1]!, fit.p[2]!, -fit.p[3]!) : fit.p;
  const s = p[3]!;
  if (!(s > 1e-3 && s < 50)) return null;
  let mean = 0;
  for (const y of ys) mean += y;
  mean /= n;
  let total = 0;
  for (const y of ys) total += (y - mean) ** 2;
  return { d: p[0]!, a: p[1]!, b: p[2]!, s, r2: total > 0 ? 1 - cost / total : 0 };
}

/**
 * Not-a-knot cubic spline interpolation of `n` values (n ≥ 4) sampled at `k·h` (k = 0..n−1).
 * The not-a-knot conditions fix the second and second-to-last moments directly
 * (M₁ = r₁/6h, M₍ₙ₋₂₎ = r₍ₙ₋₂₎/6h), the others follow from a tridiagonal solve, so each spline
 * costs O(n). The returned function takes the values and gives the spline as a function of x
 * (extrapolated with the end pieces). Null when n < 4.
 */
export function notAKnotInterpolator(
  n: number,
  h: number,
): ((y: Float64Array) => (x: number) => number) | null {
  if (n < 4) return null;
  const r = new Float64Array(n);
  const c = new Float64Array(n);
  return (y: Float64Array) => {
    for (let i = 1; i < n - 1; i++) r[i] = (6 * (y[i + 1]! - 2 * y[i]! + y[i - 1]!)) / h;
    const moments = new Float64Array(n);
    moments[1] = r[1]! / (6 * h);
    moments[n - 2] = r[n - 2]! / (6 * h);
    // Rows 2 … n−3: h·M(i−1) + 4h·M(i) + h·M(i+1) = r(i), with M(1) and M(n−2) known (Thomas).
    const first = 2;
    const last = n - 3;
    if (last >= first) {
      const d = Float64Array.from(r);
      d[first]! -= h * moments[1]!;
      d[last]! -= h * moments[n - 2]!;
      c[first] = h / (4 * h);
      d[first]! /= 4 * h;
      for (let i = first + 1; i <= last; i++) {
        const m = 4 * h - h * c[i - 1]!;
        c[i] = h / m;
        d[i] = (d[i]! - h * d[i - 1]!) / m;
      }
      moments[last] = d[last]!;
      for (let i = last - 1; i >= first; i--) moments[i] = d[i]! - c[i]! * moments[i + 1]!;
    }
    moments[0] = 2 * moments[1]! - moments[2]!;
    moments[n - 1] = 2 * moments[n - 2]! - moments[n - 3]!;
    return (x: number): number => {
      const i = Math.min(Math.max(Math.floor(x / h), 0), n - 2);
      const t = x - i * h;
      const u = h - t;
      return (
        (moments[i]! * u * u * u + moments[i + 1]! * t * t * t) / (6 * h) +
        (y[i]! / h - (moments[i]! * h) / 6) * u +
        (y[i + 1]! / h - (moments[i + 1]! * h) / 6) * t
      );
    };
  };
}
