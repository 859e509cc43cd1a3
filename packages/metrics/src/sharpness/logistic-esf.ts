/**
 * iquaflow-compatible sharpness figures: the edge spread function is modelled by a logistic
 * `d + a / (1 + exp(−(x − b)/s))` fitted by Levenberg–Marquardt, and RER, FWHM and the MTF at
 * Nyquist / half Nyquist are derived from the fitted scale `s` the way iquaflow's
 * `SharpnessMeasure` derives them (0.1 px grid, LSF truncated at ±lim1 from a Gaussian width,
 * plain DFT of the truncated LSF, not-a-knot cubic spline through the DFT bins).
 */
import type { EdgeFigures } from "./edge-profile.js";

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

const MAX_ITERATIONS = 100;

function residualsOf(xs: Float64Array, ys: Float64Array, p: Float64Array, jac: Float64Array | null): number {
  const [d, a, b, s] = p as unknown as [number, number, number, number];
  let sq = 0;
  for (let i = 0; i < xs.length; i++) {
    const e = Math.exp(-(xs[i]! - b) / s);
    const g = 1 / (1 + e);
    const r = ys[i]! - (d + a * g);
    sq += r * r;
    if (jac) {
      const k = i * 5;
      const dg = Number.isFinite(e) ? g * g * e : 0;
      jac[k] = 1;
      jac[k + 1] = g;
      jac[k + 2] = (-a * dg) / s;
      jac[k + 3] = (-a * dg * (xs[i]! - b)) / (s * s);
      jac[k + 4] = r;
    }
  }
  return sq;
}

/** Solves the n×n system `m·x = r` in place by Gaussian elimination with partial pivoting (null when singular). */
export function solveDense(m: Float64Array, r: Float64Array, n: number): Float64Array | null {
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let i = c + 1; i < n; i++) if (Math.abs(m[i * n + c]!) > Math.abs(m[pivot * n + c]!)) pivot = i;
    if (!(Math.abs(m[pivot * n + c]!) > 1e-300)) return null;
    if (pivot !== c) {
      for (let j = 0; j < n; j++) {
        const t = m[c * n + j]!;
        m[c * n + j] = m[pivot * n + j]!;
        m[pivot * n + j] = t;
      }
      const t = r[c]!;
      r[c] = r[pivot]!;
      r[pivot] = t;
    }
    for (let i = c + 1; i < n; i++) {
      const f = m[i * n + c]! / m[c * n + c]!;
      if (f === 0) continue;
      for (let j = c; j < n; j++) m[i * n + j]! -= f * m[c * n + j]!;
      r[i]! -= f * r[c]!;
    }
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = r[i]!;
    for (let j = i + 1; j < n; j++) sum -= m[i * n + j]! * x[j]!;
    x[i] = sum / m[i * n + i]!;
  }
  return x;
}

/**
 * Fits the logistic ESF to `(xs, ys)` (ys normalised: dark ≈ 0, bright ≈ 1) by
 * Levenberg–Marquardt from `[0, 1, 0, 0.5]`. Returns null when the fit does not converge to a
 * finite, positive scale.
 */
export function fitLogisticEsf(xs: Float64Array, ys: Float64Array): LogisticFit | null {
  const n = xs.length;
  if (n < 6) return null;
  let p = Float64Array.of(0, 1, 0, 0.5);
  const jac = new Float64Array(n * 5);
  let cost = residualsOf(xs, ys, p, jac);
  let lambda = 1e-3;
  const normal = new Float64Array(16);
  const rhs = new Float64Array(4);
  for (let iter = 0; iter < MAX_ITERATIONS; iter++) {
    normal.fill(0);
    rhs.fill(0);
    for (let i = 0; i < n; i++) {
      const k = i * 5;
      for (let u = 0; u < 4; u++) {
        rhs[u]! += jac[k + u]! * jac[k + 4]!;
        for (let v = 0; v < 4; v++) normal[u * 4 + v]! += jac[k + u]! * jac[k + v]!;
      }
    }
    let improved = false;
    while (lambda < 1e10) {
      const m = Float64Array.from(normal);
      for (let u = 0; u < 4; u++) m[u * 5]! *= 1 + lambda;
      const step = solveDense(m, Float64Array.from(rhs), 4);
      if (!step) {
        lambda *= 10;
        continue;
      }
      const trial = Float64Array.from(p, (v, i) => v + step[i]!);
      const trialCost = residualsOf(xs, ys, trial, null);
      if (Number.isFinite(trialCost) && trialCost <= cost) {
        const done = cost - trialCost <= 1e-10 * (cost + 1e-30);
        p = trial;
        cost = residualsOf(xs, ys, p, jac);
        lambda = Math.max(lambda / 10, 1e-12);
        improved = !done;
        break;
      }
      lambda *= 10;
    }
    if (!improved) break;
  }
  const s = Math.abs(p[3]!);
  if (!(s > 1e-3 && s < 50) || !Number.isFinite(p[1]!)) return null;
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

/** iquaflow's ESF abscissa step, px. */
const GRID = 0.1;
/** Half-extent of iquaflow's ESF abscissa for its 13-px wide patches, px. */
const GRID_EXTENT = 6;
/** Gaussian σ of a least-squares fit to the logistic LSF, per unit of logistic scale. */
const GAUSSIAN_SIGMA_PER_SCALE = 1.5;
/** FWHM of the logistic LSF (sech²) per unit of logistic scale: 4·ln(1 + √2). */
const FWHM_PER_SCALE = 4 * Math.log(1 + Math.SQRT2);

/**
 * RER, FWHM and MTF at Nyquist / half Nyquist of a logistic ESF of scale `s`, computed as
 * iquaflow computes them from its fitted model: RER between ±0.5 px of the 50 % point, FWHM of
 * the logistic LSF, and the MTF as the normalised DFT of the LSF sampled every 0.1 px over
 * ±lim1 (lim1 = rint(6σ)/2 + 0.5 with σ the LSF's Gaussian width), interpolated at 0.5 and 0.25
 * cycles/px by a not-a-knot cubic spline through the DFT bins below 1.5 cycles/px.
 */
export function logisticFigures(s: number): EdgeFigures {
  const sigma = GAUSSIAN_SIGMA_PER_SCALE * s;
  let lim = Math.round(2 * 3 * sigma) / 2 + 0.5;
  if (!(lim > 0)) lim = GRID_EXTENT - GRID;
  const first = Math.max(Math.ceil(-lim / GRID - 1e-9), -GRID_EXTENT / GRID) + 1;
  const last = Math.min(Math.floor(lim / GRID + 1e-9), GRID_EXTENT / GRID - 1);
  const count = last - first;
  const lsf = new Float64Array(count);
  const model = (x: number) => 1 / (1 + Math.exp(-x / s));
  for (let k = 0; k < count; k++)
    lsf[k] = Math.abs(model((first + k + 1) * GRID) - model((first + k) * GRID));
  const bins = Math.floor(count / 2);
  const df = 1 / (count * GRID);
  const used = Math.min(bins, Math.ceil(1.5 / df - 1e-9));
  const mtf = new Float64Array(used);
  for (let k = 0; k < used; k++) {
    let re = 0;
    let im = 0;
    for (let j = 0; j < count; j++) {
      const phase = (-2 * Math.PI * k * j) / count;
      re += lsf[j]! * Math.cos(phase);
      im += lsf[j]! * Math.sin(phase);
    }
    mtf[k] = Math.hypot(re, im);
  }
  const dc = mtf[0]!;
  for (let k = 0; k < used; k++) mtf[k]! /= dc;
  const spline = used >= 4 ? notAKnotInterpolator(used, df)?.(mtf) : null;
  return {
    rer: model(0.5) - model(-0.5),
    fwhm: FWHM_PER_SCALE * s,
    mtfNyquist: spline ? spline(0.5) : Number.NaN,
    mtfHalfNyquist: spline ? spline(0.25) : Number.NaN,
  };
}
