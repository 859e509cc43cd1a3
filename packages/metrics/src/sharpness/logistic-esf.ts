/**
 * iquaflow's edge model and its numerical helpers: the logistic ESF
 * `d + a / (1 + exp(−(x − b)/s))` fitted by Levenberg–Marquardt, and not-a-knot cubic spline
 * interpolation on a uniform grid (scipy's `CubicSpline` default), used for its transects and its
 * MTF.
 */
import { type CurveModel, fitCurve, solveDense } from "../numeric/levenberg-marquardt.js";

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
 * Prepares not-a-knot cubic spline interpolation of `n` values (n ≥ 4) sampled at `k·h`
 * (k = 0..n−1): the moment system depends only on `n` and `h`, so it is inverted once. The
 * returned function takes the values and gives the spline as a function of x (extrapolated with
 * the end pieces). Null when the system is singular.
 */
export function notAKnotInterpolator(
  n: number,
  h: number,
): ((y: Float64Array) => (x: number) => number) | null {
  const inverse = new Float64Array(n * n);
  const unit = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    const m = new Float64Array(n * n);
    m[0] = 1;
    m[1] = -2;
    m[2] = 1;
    for (let i = 1; i < n - 1; i++) {
      m[i * n + i - 1] = h;
      m[i * n + i] = 4 * h;
      m[i * n + i + 1] = h;
    }
    m[(n - 1) * n + n - 3] = 1;
    m[(n - 1) * n + n - 2] = -2;
    m[(n - 1) * n + n - 1] = 1;
    unit.fill(0);
    unit[c] = 1;
    const column = solveDense(m, unit, n);
    if (!column) return null;
    for (let i = 0; i < n; i++) inverse[i * n + c] = column[i]!;
  }
  const r = new Float64Array(n);
  return (y: Float64Array) => {
    for (let i = 1; i < n - 1; i++) r[i] = (6 * (y[i + 1]! - 2 * y[i]! + y[i - 1]!)) / h;
    const moments = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = 1; j < n - 1; j++) sum += inverse[i * n + j]! * r[j]!;
      moments[i] = sum;
    }
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
