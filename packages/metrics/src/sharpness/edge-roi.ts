import type { ChannelPlane } from "../images/channel-planes.js";
import { bilinear, type EdgeMap } from "./edge-map.js";
import {
  binSamples,
  coverage,
  crossing,
  type EdgeFigures,
  fullWidthHalfMax,
  lineSpread,
  mtfAt,
  resampleOnGrid,
  sampleVariance,
  tukeyWindow,
} from "./edge-profile.js";
import { iquaflowAbscissa, iquaflowEsfFigures } from "./iquaflow-esf.js";
import { axisPatch, patchEsf } from "./patch-esf.js";
import { quantisedNormal, rotatedPatch } from "./rotated-patch.js";

/** Direction classes of iquaflow: X = near-vertical edges (profile along x), Y = near-horizontal, other. */
export type EdgeDirection = "X" | "Y" | "other";

/** Region and acceptance parameters of an edge measurement. */
export interface EdgeRoiOptions {
  /** Edge length measured along the edge, in px. */
  readonly edgeLength: number;
  /** Half-width of the region across the edge, in px. */
  readonly halfWidth: number;
  /** ESF bin width in px. */
  readonly binWidth: number;
  /** Minimum edge SNR (contrast / noise on the flat sides). */
  readonly minEdgeSnr: number;
  /** Minimum ratio of the bright side level to the dark side level. */
  readonly minContrastRatio: number;
  /** Maximum RMS deviation of the edge from a straight line, in px. */
  readonly maxStraightnessRms: number;
  /** `slanted-edge` (super-sampled ESF, the default) or `iquaflow` (fitted logistic ESF). */
  readonly method: SharpnessMethod;
}

/** Estimator of the figures: see {@link EdgeRoiOptions.method}. */
export type SharpnessMethod = "slanted-edge" | "iquaflow";

/** One measured edge. */
export interface EdgeMeasurement extends EdgeFigures {
  /** Direction class. */
  readonly direction: EdgeDirection;
  /** Edge angle from the image's vertical (row) axis, degrees in [0, 180). */
  readonly angle: number;
  /** Column of the edge centre. */
  readonly x: number;
  /** Row of the edge centre. */
  readonly y: number;
  /** Contrast / noise of the flat sides. */
  readonly edgeSnr: number;
  /** Indices of the pixels the measurement used (for masking). */
  readonly pixels: Int32Array;
}

const SIDE_START = 4;
/** Largest excursion of the normalised ESF outside [0, 1] (ringing, a neighbouring feature). */
const MAX_OVERSHOOT = 0.15;

/** Classifies an edge direction by its angle from the vertical axis (±15° bands, as iquaflow). */
export function classifyDirection(angleFromVertical: number): EdgeDirection {
  const a = angleFromVertical % 180;
  if (a <= 15 || a >= 165) return "X";
  if (a >= 75 && a <= 105) return "Y";
  return "other";
}

/**
 * Measures the edge through edge pixel `index`, or returns null when the region fails a test
 * (image border, no-data, not straight, not homogeneous on both sides, too little contrast,
 * too little sub-pixel phase diversity for super-sampling).
 */
export function measureEdgeAt(
  plane: ChannelPlane,
  map: EdgeMap,
  index: number,
  options: EdgeRoiOptions,
): EdgeMeasurement | null {
  const { width, height, data } = plane;
  const x0 = index % width;
  const y0 = (index - x0) / width;
  const m = map.magnitude[index]!;
  let nx = map.gx[index]! / m;
  let ny = map.gy[index]! / m;
  const half = Math.floor(options.edgeLength / 2);
  const w = options.halfWidth;
  const reach = Math.ceil(Math.hypot(half, w)) + 2;
  if (x0 < reach || y0 < reach || x0 >= width - reach || y0 >= height - reach) return null;
  if (!consistentAlongEdge(map, width, x0, y0, nx, ny, half)) return null;
  // Edge position along each transect: centroid of the positive derivative of the profile.
  const positions = new Float64Array(2 * half + 1);
  const profile = new Float64Array(2 * w + 1);
  for (let k = -half; k <= half; k++) {
    const cx = x0 - k * ny;
    const cy = y0 + k * nx;
    for (let s = -w; s <= w; s++) profile[s + w] = bilinear(data, width, cx + s * nx, cy + s * ny);
    let peak = 0;
    for (let s = 0; s < 2 * w; s++) peak = Math.max(peak, profile[s + 1]! - profile[s]!);
    if (!(peak > 0)) return null;
    let sw = 0;
    let swx = 0;
    for (let s = 0; s < 2 * w; s++) {
      const dv = profile[s + 1]! - profile[s]!;
      if (dv < 0.2 * peak) continue;
      sw += dv;
      swx += dv * (s - w + 0.5);
    }
    positions[k + half] = swx / sw;
  }
  let sk2 = 0;
  let se = 0;
  let ske = 0;
  for (let k = -half; k <= half; k++) {
    sk2 += k * k;
    se += positions[k + half]!;
    ske += k * positions[k + half]!;
  }
  const a = se / (2 * half + 1);
  const b = ske / sk2;
  let rss = 0;
  for (let k = -half; k <= half; k++) rss += (positions[k + half]! - a - b * k) ** 2;
  if (Math.sqrt(rss / (2 * half + 1)) > options.maxStraightnessRms || Math.abs(a) > 2) return null;
  // Refined geometry: edge point, direction along the edge and normal (towards the bright side).
  const tx0 = -ny;
  const ty0 = nx;
  const px = x0 + a * nx;
  const py = y0 + a * ny;
  let dx = tx0 + b * nx;
  let dy = ty0 + b * ny;
  const dn = Math.hypot(dx, dy);
  dx /= dn;
  dy /= dn;
  nx = dy;
  ny = -dx;
  if (nx * map.gx[index]! + ny * map.gy[index]! < 0) {
    nx = -nx;
    ny = -ny;
  }
  // Project the pixel centres of the region onto the edge normal.
  const x1 = Math.floor(px - reach);
  const x2 = Math.ceil(px + reach);
  const y1 = Math.floor(py - reach);
  const y2 = Math.ceil(py + reach);
  const capacity = (x2 - x1 + 1) * (y2 - y1 + 1);
  const ds = new Float64Array(capacity);
  const ts = new Float64Array(capacity);
  const vs = new Float64Array(capacity);
  const pixels = new Int32Array(capacity);
  let n = 0;
  for (let y = y1; y <= y2; y++) {
    for (let x = x1; x <= x2; x++) {
      const t = (x - px) * dx + (y - py) * dy;
      const d = (x - px) * nx + (y - py) * ny;
      if (Math.abs(t) > half || Math.abs(d) > w) continue;
      const v = data[y * width + x]!;
      if (v === 0) return null;
      ds[n] = d;
      ts[n] = t;
      vs[n] = v;
      pixels[n] = y * width + x;
      n++;
    }
  }
  // Flat sides: levels, homogeneity and contrast.
  if (options.method === "iquaflow" && !passesIquaflowContrast(ts, ds, vs, n, w, options.minContrastRatio))
    return null;
  const dark = sideStats(ds, vs, n, -1, w);
  const bright = sideStats(ds, vs, n, 1, w);
  const contrast = bright.mean - dark.mean;
  if (!(contrast > 0) || bright.mean < options.minContrastRatio * dark.mean) return null;
  const noise = Math.max(Math.sqrt((dark.std ** 2 + bright.std ** 2) / 2), 1e-12);
  const edgeSnr = contrast / noise;
  if (edgeSnr < options.minEdgeSnr) return null;
  const geometry = { halfWidth: w, binWidth: options.binWidth };
  for (let i = 0; i < n; i++) vs[i] = (vs[i]! - dark.mean) / contrast;
  const first = binSamples(ds, vs, n, 0, geometry);
  if (coverage(first, options.binWidth, 3) < 0.75) return null;
  const centre = crossing(resampleOnGrid(first, options.binWidth), options.binWidth, 0.5);
  if (!(Math.abs(centre) <= 1.5)) return null;
  const binned = binSamples(ds, vs, n, centre, geometry);
  const esf = resampleOnGrid(binned, options.binWidth);
  const variance = sampleVariance(binned, noise / contrast);
  let lowest = Number.POSITIVE_INFINITY;
  let highest = Number.NEGATIVE_INFINITY;
  for (const v of esf) {
    lowest = Math.min(lowest, v);
    highest = Math.max(highest, v);
  }
  // The iquaflow method leaves neighbouring features to its own R² and edge-SNR tests.
  if (options.method !== "iquaflow" && (lowest < -MAX_OVERSHOOT || highest > 1 + MAX_OVERSHOOT)) return null;
  const angle = ((Math.atan2(dx, dy) * 180) / Math.PI + 360) % 180;
  const direction = classifyDirection(angle);
  const figures =
    options.method === "iquaflow"
      ? logisticEdgeFigures(plane, direction, { px: px + centre * nx, py: py + centre * ny, nx, ny }, options)
      : slantedEdgeFigures(esf, options.binWidth, w, variance);
  if (!figures || !Number.isFinite(figures.fwhm) || !(figures.rer > 0 && figures.rer < 1)) return null;
  return {
    ...figures,
    direction,
    angle,
    x: px,
    y: py,
    edgeSnr,
    pixels: pixels.slice(0, n),
  };
}

/** Figures of the super-sampled ESF itself (ISO 12233 style). */
function slantedEdgeFigures(
  esf: Float64Array,
  step: number,
  halfWidth: number,
  variance: Float64Array,
): EdgeFigures {
  const mid = (esf.length - 1) >> 1;
  const lsf = lineSpread(esf, step);
  const window = tukeyWindow(lsf.length, step, halfWidth, 2);
  return {
    rer: interpolateAt(esf, mid, step, 0.5) - interpolateAt(esf, mid, step, -0.5),
    fwhm: fullWidthHalfMax(lsf, step),
    mtfNyquist: mtfAt(esf, window, step, 0.5, variance),
    mtfHalfNyquist: mtfAt(esf, window, step, 0.25, variance),
  };
}

/**
 * Figures of iquaflow's logistic model fitted to the ESF iquaflow builds from an edge patch
 * centred on the edge point (`edgeLength + 6` rows along the edge, `2·halfWidth + 1` columns
 * across it; rotated by a coarse angle for other directions), or null when iquaflow's ESF stage
 * would reject the edge.
 */
function logisticEdgeFigures(
  plane: ChannelPlane,
  direction: EdgeDirection,
  edge: { px: number; py: number; nx: number; ny: number },
  options: EdgeRoiOptions,
): EdgeFigures | null {
  const rows = options.edgeLength + 6;
  const cols = 2 * options.halfWidth + 1;
  const cx = Math.round(edge.px);
  const cy = Math.round(edge.py);
  const patch =
    direction === "other"
      ? rotatedPatch(plane, cx, cy, quantisedNormal(edge.px, edge.py, edge.nx, edge.ny), rows, cols)
      : axisPatch(
          plane,
          cx,
          cy,
          rows,
          cols,
          direction === "Y",
          direction === "X" ? edge.nx < 0 : edge.ny < 0,
        );
  if (!patch) return null;
  const abscissa = iquaflowAbscissa(options.halfWidth);
  const esf = patchEsf(patch, abscissa);
  if (!esf) return null;
  return iquaflowEsfFigures(abscissa, esf);
}

/** Cosine of the largest direction change accepted along the edge (20°). */
const MIN_DIRECTION_COSINE = Math.cos((20 * Math.PI) / 180);

/**
 * Cheap pre-test: the gradient a quarter, half and the full half-length away along the edge
 * (both ways) is at least half as strong and within 20° of the candidate's direction.
 */
function consistentAlongEdge(
  map: EdgeMap,
  width: number,
  x0: number,
  y0: number,
  nx: number,
  ny: number,
  half: number,
): boolean {
  const m0 = map.magnitude[y0 * width + x0]!;
  for (const k of [-half, -half / 2, half / 2, half]) {
    const x = Math.round(x0 - k * ny);
    const y = Math.round(y0 + k * nx);
    const i = y * width + x;
    const m = map.magnitude[i]!;
    if (!(m >= 0.5 * m0)) return false;
    if ((map.gx[i]! * nx + map.gy[i]! * ny) / m < MIN_DIRECTION_COSINE) return false;
  }
  return true;
}

/** ESF value at distance `x` px from the centre bin (linear interpolation between bins). */
function interpolateAt(esf: Float64Array, mid: number, step: number, x: number): number {
  const pos = mid + x / step;
  const k = Math.floor(pos);
  const f = pos - k;
  return esf[k]! + f * (esf[k + 1]! - esf[k]!);
}

/**
 * Level and noise of one flat side (sign −1 dark, +1 bright; |d| in [4, halfWidth]): the mean
 * value, and the RMS residual of a quadratic fit in d, so the tail of a wide blur does not
 * count as noise.
 */
function sideStats(
  ds: Float64Array,
  vs: Float64Array,
  n: number,
  sign: number,
  halfWidth: number,
): { mean: number; std: number } {
  // Normal equations of v = c0 + c1·u + c2·u², with u = |d| − centre of the side.
  const centre = (SIDE_START + halfWidth) / 2;
  const m = new Float64Array(9);
  const r = new Float64Array(3);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const d = ds[i]! * sign;
    if (d < SIDE_START || d > halfWidth) continue;
    const u = d - centre;
    const p = [1, u, u * u];
    for (let a = 0; a < 3; a++) {
      r[a]! += p[a]! * vs[i]!;
      for (let b = 0; b < 3; b++) m[a * 3 + b]! += p[a]! * p[b]!;
    }
    sum += vs[i]!;
    count++;
  }
  const mean = sum / count;
  const c = solve3(m, r);
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const d = ds[i]! * sign;
    if (d < SIDE_START || d > halfWidth) continue;
    const u = d - centre;
    const e = vs[i]! - (c[0]! + c[1]! * u + c[2]! * u * u);
    sq += e * e;
  }
  return { mean, std: Math.sqrt(sq / Math.max(count - 3, 1)) };
}

/** Solves a 3×3 linear system by Cramer's rule (zeros when singular). */
function solve3(m: Float64Array, r: Float64Array): Float64Array {
  const det = (a: ArrayLike<number>): number =>
    a[0]! * (a[4]! * a[8]! - a[5]! * a[7]!) -
    a[1]! * (a[3]! * a[8]! - a[5]! * a[6]!) +
    a[2]! * (a[3]! * a[7]! - a[4]! * a[6]!);
  const d = det(m);
  const out = new Float64Array(3);
  if (d === 0) return out;
  for (let col = 0; col < 3; col++) {
    const t = Float64Array.from(m);
    for (let row = 0; row < 3; row++) t[row * 3 + col] = r[row]!;
    out[col] = det(t) / d;
  }
  return out;
}

/** iquaflow's contrast test limits: side σ over patch σ (beta) and 10th/90th percentile ratio (gamma). */
const IQUAFLOW_BETA = 0.3;
const IQUAFLOW_GAMMA = 1.2;
/** Half-length of iquaflow's edge pieces (5 px) and the nearest side samples it uses (2 px off the edge). */
const IQUAFLOW_PIECE_HALF = 2.5;
const IQUAFLOW_SIDE_START = 2;

/** Linear-interpolation quantile (numpy's default) of unsorted values. */
function quantileOf(values: Float64Array, q: number): number {
  const sorted = Float64Array.from(values).sort();
  const pos = q * (sorted.length - 1);
  const k = Math.floor(pos);
  return k + 1 < sorted.length ? sorted[k]! + (pos - k) * (sorted[k + 1]! - sorted[k]!) : sorted[k]!;
}

/** Mean and standard deviation (ddof 0). */
function meanStd(values: Float64Array): { mean: number; std: number } {
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let sq = 0;
  for (const v of values) sq += (v - mean) ** 2;
  return { mean, std: Math.sqrt(sq / values.length) };
}

/**
 * iquaflow's patch contrast test (`find_good_patches`): on the 5-px edge piece, the samples 2 px
 * or more from the edge on each side must be homogeneous (σ below 0.3 × the σ of the whole
 * region), the bright side's mean at least `alpha` × the dark side's, and its 10th percentile
 * 1.2 × the dark side's 90th.
 */
function passesIquaflowContrast(
  ts: Float64Array,
  ds: Float64Array,
  vs: Float64Array,
  n: number,
  halfWidth: number,
  alpha: number,
): boolean {
  const dark: number[] = [];
  const bright: number[] = [];
  for (let i = 0; i < n; i++) {
    if (Math.abs(ts[i]!) > IQUAFLOW_PIECE_HALF || Math.abs(ds[i]!) > halfWidth) continue;
    if (ds[i]! <= -IQUAFLOW_SIDE_START) dark.push(vs[i]!);
    else if (ds[i]! >= IQUAFLOW_SIDE_START) bright.push(vs[i]!);
  }
  if (dark.length === 0 || bright.length === 0) return false;
  const d = Float64Array.from(dark);
  const b = Float64Array.from(bright);
  const region = meanStd(vs.subarray(0, n)).std;
  const ds0 = meanStd(d);
  const bs0 = meanStd(b);
  return (
    bs0.mean > alpha * ds0.mean &&
    bs0.std < IQUAFLOW_BETA * region &&
    ds0.std < IQUAFLOW_BETA * region &&
    quantileOf(b, 0.1) > IQUAFLOW_GAMMA * quantileOf(d, 0.9)
  );
}
