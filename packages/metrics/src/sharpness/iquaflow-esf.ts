/**
 * iquaflow's last stage of an edge measurement, from the averaged transect ESF to RER, FWHM
 * and MTF (its `compute_esf`, `normalize_esf`, `evaluate_esf` and `calculate_*`): the ESF is
 * rolled so its steepest step sits at the centre, a Gaussian fitted to its LSF sets the window
 * (±lim1) the logistic model is fitted on, the fit must reach R² ≥ 0.995 and an edge SNR ≥ 50
 * on its flat tails, and the figures come from the fitted model sampled every 0.1 px on that
 * window: RER around the grid point nearest 50 %, FWHM between the roots of the interpolated
 * LSF, MTF as the normalised DFT of that LSF interpolated by a not-a-knot spline.
 *
 * Deliberate differences from iquaflow: its second Gaussian fit (a pass/fail gate only) is not
 * repeated, so an edge that is already centred is kept (iquaflow drops it through an empty
 * `[0:-0]` slice), and the normalised model is derived from the first fit instead of being
 * fitted again (the same optimum).
 */
import { type CurveModel, fitCurve } from "../numeric/levenberg-marquardt.js";
import type { EdgeFigures } from "./edge-profile.js";
import { fitLogisticEsf, notAKnotInterpolator } from "./logistic-esf.js";

/** Sample step of iquaflow's ESF, px. */
const STEP = 0.1;
/** iquaflow's minimum R² of the logistic fit. */
const MIN_R2 = 0.995;
/** iquaflow's minimum edge SNR (inverse noise of the normalised ESF's tails). */
const MIN_EDGE_SNR = 50;

/**
 * iquaflow's ESF abscissa for a patch `2·halfWidth + 1` px wide: numpy's
 * `arange(−halfWidth, halfWidth, 0.1)` (−6 … 5.9 for its 13-px patches), with numpy's rounding
 * (start + i·delta, delta = (start + step) − start), which decides the samples at ±3 and ±lim1.
 */
export function iquaflowAbscissa(halfWidth: number): Float64Array {
  const n = Math.ceil((2 * halfWidth) / STEP - 1e-9);
  const delta = -halfWidth + STEP + halfWidth;
  return Float64Array.from({ length: n }, (_, i) => -halfWidth + i * delta);
}

/** Gaussian `A·exp(−(x − μ)²/(2σ²))` with parameters `[A, μ, σ]`. */
const gaussianModel: CurveModel = (x, p, gradient) => {
  const amplitude = p[0]!;
  const d = x - p[1]!;
  const sigma = p[2]!;
  const e = Math.exp(-(d * d) / (2 * sigma * sigma));
  gradient[0] = e;
  gradient[1] = (amplitude * e * d) / (sigma * sigma);
  gradient[2] = (amplitude * e * d * d) / (sigma * sigma * sigma);
  return amplitude * e;
};

/** Python's `round()` (half to even). */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Index of the first maximum of `|v[m] − v[m − 1]|` over `from < m < to`, minus `from + 1`. */
function steepestStep(v: Float64Array, from: number, to: number): number {
  let best = -1;
  let bestIndex = 0;
  for (let m = from + 1; m < to; m++) {
    const g = Math.abs(v[m]! - v[m - 1]!);
    if (g > best) {
      best = g;
      bestIndex = m - from - 1;
    }
  }
  return bestIndex;
}

/** Half-width (px) of the window the logistic is fitted on: ±(|μ| + 3σ) of a Gaussian fit to the LSF. */
function fitWindow(x: Float64Array, rolled: Float64Array, shift: number): number {
  const n = x.length;
  const s = Math.abs(shift);
  const count = n - 1 - 2 * s;
  const lx = new Float64Array(count);
  const ly = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    lx[i] = x[s + 1 + i]!;
    ly[i] = Math.abs(rolled[s + i + 1]! - rolled[s + i]!);
  }
  const fit = count >= 3 ? fitCurve(lx, ly, Float64Array.of(50, 0, 1), gaussianModel) : null;
  const lim = fit ? roundHalfEven((Math.abs(fit.p[1]!) + 3 * fit.p[2]!) * 2) / 2 + 0.5 : x[n - 1]!;
  return lim > 0 ? lim : x[n - 1]!;
}

/** Linear-interpolation quantile of sorted values (numpy's default). */
function quantileOfSorted(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const k = Math.floor(pos);
  return k + 1 < sorted.length ? sorted[k]! + (pos - k) * (sorted[k + 1]! - sorted[k]!) : sorted[k]!;
}

/** Standard deviation (ddof 0). */
function std(v: Float64Array): number {
  let mean = 0;
  for (const a of v) mean += a;
  mean /= v.length;
  let sq = 0;
  for (const a of v) sq += (a - mean) ** 2;
  return Math.sqrt(sq / v.length);
}

/** iquaflow's edge SNR of a normalised ESF against its normalised model (NaN when there are no flat tails). */
function tailSnr(esfNorm: Float64Array, model: Float64Array): number {
  const n = model.length;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i + 1 < n; i++) max = Math.max(max, model[i + 1]! - model[i]!);
  const flat: number[] = [];
  for (let i = 0; i + 1 < n; i++) if ((model[i + 1]! - model[i]!) / max < 0.05) flat.push(i);
  if (flat.length <= 5) return Number.NaN;
  let split = -1;
  for (let j = 0; j + 1 < flat.length; j++) {
    if (flat[j + 1]! - flat[j]! > 1) {
      split = j;
      break;
    }
  }
  if (split < 0) return Number.NaN;
  const left = esfNorm.subarray(0, flat[split]!);
  const right = esfNorm.subarray(flat[split + 1]!);
  if (left.length === 0 || right.length === 0) return Number.NaN;
  const noise = (std(left) + std(right)) / 2;
  return noise > 0 ? 1 / noise : Number.NaN;
}

/** FWHM (px) of an LSF sampled every 0.1 px: distance between the two roots of its spline at half maximum. */
function lsfWidth(lsf: Float64Array): number {
  const n = lsf.length;
  if (n < 4) return Number.NaN;
  let max = 0;
  for (const v of lsf) max = Math.max(max, v);
  const shifted = lsf.map((v) => v - max / 2);
  const spline = notAKnotInterpolator(n, 1)?.(shifted);
  if (!spline) return Number.NaN;
  const roots: number[] = [];
  const substeps = 8;
  let prev = spline(0);
  for (let k = 1; k <= (n - 1) * substeps; k++) {
    let b = k / substeps;
    const value = spline(b);
    if (prev === 0 || prev * value < 0) {
      let a = b - 1 / substeps;
      let fa = prev;
      for (let it = 0; it < 40; it++) {
        const mid = (a + b) / 2;
        const fm = spline(mid);
        if (fa * fm <= 0) b = mid;
        else {
          a = mid;
          fa = fm;
        }
      }
      roots.push((a + b) / 2);
    }
    prev = value;
  }
  return roots.length === 2 ? (roots[1]! - roots[0]!) * STEP : Number.NaN;
}

/** MTF at `frequencies` (cycles/px) of an LSF sampled every 0.1 px: normalised DFT below 1.5 cycles/px, not-a-knot spline. */
function lsfMtf(lsf: Float64Array, frequencies: readonly number[]): number[] {
  const n = lsf.length;
  const df = 1 / (n * STEP);
  const used = Math.min(Math.floor(n / 2), Math.ceil(1.5 / df - 1e-9));
  if (used < 4) return frequencies.map(() => Number.NaN);
  const mtf = new Float64Array(used);
  for (let k = 0; k < used; k++) {
    let re = 0;
    let im = 0;
    for (let j = 0; j < n; j++) {
      const phase = (-2 * Math.PI * k * j) / n;
      re += lsf[j]! * Math.cos(phase);
      im += lsf[j]! * Math.sin(phase);
    }
    mtf[k] = Math.hypot(re, im);
  }
  const dc = mtf[0]!;
  for (let k = 0; k < used; k++) mtf[k]! /= dc;
  const spline = notAKnotInterpolator(used, df)?.(mtf);
  return frequencies.map((f) => (spline ? spline(f) : Number.NaN));
}

/** Figures of one edge plus the logistic scale and the quality measures they passed. */
export interface IquaflowEdgeFigures extends EdgeFigures {
  /** Fitted logistic scale, px. */
  readonly scale: number;
  /** R² of the logistic fit. */
  readonly r2: number;
  /** iquaflow's edge SNR. */
  readonly edgeSnr: number;
}

/**
 * Runs iquaflow's ESF stage on an ESF sampled on {@link iquaflowAbscissa} (values normalised:
 * dark ≈ 0, bright ≈ 1; any affine scale gives the same result). Returns null when iquaflow
 * would reject the edge (failed or poor fit, edge SNR below 50, no two half-maximum crossings).
 */
export function iquaflowEsfFigures(x: Float64Array, esf: Float64Array): IquaflowEdgeFigures | null {
  const n = x.length;
  let from = 0;
  while (from < n && x[from]! < -3) from++;
  let to = from;
  while (to < n && x[to]! <= 3) to++;
  const shift = ((to - from) >> 1) - steepestStep(esf, from, to);
  const rolled = new Float64Array(n);
  for (let i = 0; i < n; i++) rolled[i] = esf[(((i - shift) % n) + n) % n]!;
  const lim = fitWindow(x, rolled, shift);
  let first = 0;
  while (first < n && x[first]! < -lim) first++;
  let last = n - 1;
  while (last >= 0 && x[last]! > lim) last--;
  first++;
  if (last - first < 5) return null;
  const xs = x.slice(first, last + 1);
  const ys = rolled.slice(first, last + 1);
  const sorted = Float64Array.from(ys).sort();
  const start = Float64Array.of(quantileOfSorted(sorted, 0.05), quantileOfSorted(sorted, 0.5), 0.5, 0.5);
  const fit = fitLogisticEsf(xs, ys, start);
  if (!fit || fit.a <= 0 || fit.r2 < MIN_R2) return null;
  const model = (v: number) => fit.d + fit.a / (1 + Math.exp(-(v - fit.b) / fit.s));
  let vMax = Number.NEGATIVE_INFINITY;
  let vMin = Number.POSITIVE_INFINITY;
  for (let k = 0; k < 40; k++) {
    vMax = Math.max(vMax, model(xs[xs.length - 1]! + k * STEP));
    vMin = Math.min(vMin, model(xs[0]! - 4 + k * STEP));
  }
  const range = vMax - vMin;
  if (!(range !== 0)) return null;
  const norm = (v: number) => (v - vMin) / range;
  const modelNorm = xs.map((v) => norm(model(v)));
  const edgeSnr = tailSnr(
    ys.map((v) => norm(v)),
    modelNorm,
  );
  if (!(edgeSnr >= MIN_EDGE_SNR)) return null;
  let centre = 0;
  for (let i = 1; i < xs.length; i++) {
    if (Math.abs(modelNorm[i]! - 0.5) < Math.abs(modelNorm[centre]! - 0.5)) centre = i;
  }
  const u = xs[centre]!;
  const lsf = new Float64Array(xs.length - 1);
  for (let i = 0; i + 1 < xs.length; i++) lsf[i] = Math.abs(model(xs[i + 1]!) - model(xs[i]!));
  const [mtfNyquist, mtfHalfNyquist] = lsfMtf(lsf, [0.5, 0.25]) as [number, number];
  return {
    rer: norm(model(u + 0.5)) - norm(model(u - 0.5)),
    fwhm: lsfWidth(lsf),
    mtfNyquist,
    mtfHalfNyquist,
    scale: fit.s,
    r2: fit.r2,
    edgeSnr,
  };
}
