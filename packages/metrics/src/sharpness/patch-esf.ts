/**
 * iquaflow's edge patches and the ESF it builds from them (`find_good_patches` geometry,
 * `fit_subpixel_edge`, the transects of `compute_esf`): a patch `edgeLength + 6` rows by
 * `2·halfWidth + 1` columns with the edge running down it, the edge position in each of the
 * middle `edgeLength` rows at the inflection point of a cubic fitted to the row, a straight line
 * through those positions, and transects perpendicular to it every half row, each a not-a-knot
 * cubic spline of the nearest pixels against their distance to the edge, averaged.
 *
 * Deliberate differences from iquaflow (spec §10.3): the patch is centred on the measured edge
 * point (iquaflow centres vertical patches on the segment's leftmost column); the edge line is
 * evaluated in the row coordinates it was fitted in (iquaflow is off by 3 rows, which shifts
 * every transect by 3× the slope), and its tilt, not its intercept, is checked to be within 15°.
 */
import { solveDense } from "../numeric/levenberg-marquardt.js";
import { notAKnotInterpolator } from "./logistic-esf.js";

/** A patch of samples, row-major, with the edge running down its columns. */
export interface EdgePatch {
  /** Samples. */
  readonly data: Float64Array;
  /** Rows (`edgeLength + 6`). */
  readonly rows: number;
  /** Columns (`2·halfWidth + 1`). */
  readonly cols: number;
}

/** Rows above and below the edge piece in a patch, as iquaflow's `[3:-3]`. */
const MARGIN_ROWS = 3;
/** Largest tilt of the fitted edge line from the patch columns. */
const MAX_TILT = Math.tan((15 * Math.PI) / 180);

/**
 * Copies an axis-aligned patch around the pixel `(cx, cy)` of a channel: for a near-vertical
 * edge (`transpose` false) rows `cy ± (rows−1)/2` and columns `cx ± (cols−1)/2`; for a
 * near-horizontal one (`transpose` true) the transposed region, so the edge runs down the
 * columns. `flip` reverses the columns (bright side to the right). Null when the region leaves
 * the channel or holds a no-data (zero) sample.
 */
export function axisPatch(
  plane: { readonly data: Float64Array | Float32Array; readonly width: number; readonly height: number },
  cx: number,
  cy: number,
  rows: number,
  cols: number,
  transpose: boolean,
  flip: boolean,
): EdgePatch | null {
  const { data, width, height } = plane;
  const hr = Math.floor((rows - 1) / 2);
  const hc = (cols - 1) / 2;
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const along = i - hr;
    for (let j = 0; j < cols; j++) {
      const across = flip ? hc - j : j - hc;
      const x = transpose ? cx + along : cx + across;
      const y = transpose ? cy + across : cy + along;
      if (x < 0 || y < 0 || x >= width || y >= height) return null;
      const v = data[y * width + x]!;
      if (v === 0) return null;
      out[i * cols + j] = v;
    }
  }
  return { data: out, rows, cols };
}

/** Inflection point of the least-squares cubic through `(j, row[j])`, j = 0 … n−1 (NaN when degenerate). */
function cubicInflection(data: Float64Array, offset: number, n: number): number {
  const m = new Float64Array(16);
  const r = new Float64Array(4);
  const c = (n - 1) / 2;
  for (let j = 0; j < n; j++) {
    const u = j - c;
    const p = [1, u, u * u, u * u * u];
    const v = data[offset + j]!;
    for (let a = 0; a < 4; a++) {
      r[a]! += p[a]! * v;
      for (let b = 0; b < 4; b++) m[a * 4 + b]! += p[a]! * p[b]!;
    }
  }
  const coefficients = solveDense(m, r, 4);
  if (!coefficients || coefficients[3] === 0) return Number.NaN;
  return c - coefficients[2]! / (3 * coefficients[3]!);
}

/** Python's `round()` (half to even). */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * iquaflow's ESF of a patch, evaluated on `abscissa` (distances to the edge, px; positive
 * towards the higher columns). Null when the edge line is tilted more than 15° or fewer than 5
 * transects stay inside the patch.
 */
export function patchEsf(patch: EdgePatch, abscissa: Float64Array): Float64Array | null {
  const { data, rows, cols } = patch;
  const count = rows - 2 * MARGIN_ROWS;
  // Edge position per middle row, then a least-squares line col = a·k + b over k = 0 … count−1.
  let sk = 0;
  let sp = 0;
  let skk = 0;
  let skp = 0;
  for (let k = 0; k < count; k++) {
    const p = cubicInflection(data, (k + MARGIN_ROWS) * cols, cols);
    if (!Number.isFinite(p)) return null;
    sk += k;
    sp += p;
    skk += k * k;
    skp += k * p;
  }
  const a = (count * skp - sk * sp) / (count * skk - sk * sk);
  const b = (sp - a * sk) / count;
  if (!(Math.abs(a) <= MAX_TILT)) return null;
  // Distances along a transect are uniform: D_j = (j − e)·√(1 + a²), e = edge column on its row.
  const spacing = Math.sqrt(1 + a * a);
  const interpolate = notAKnotInterpolator(cols, spacing);
  if (!interpolate) return null;
  const esf = new Float64Array(abscissa.length);
  const values = new Float64Array(cols);
  let transects = 0;
  for (let r = MARGIN_ROWS; r < rows - MARGIN_ROWS; r += 0.5) {
    const edge = a * (r - MARGIN_ROWS) + b;
    let inside = true;
    for (let j = 0; j < cols && inside; j++) {
      const row = roundHalfEven(r - a * (j - edge));
      if (row < 0 || row >= rows) inside = false;
      else values[j] = data[row * cols + j]!;
    }
    if (!inside) continue;
    const spline = interpolate(values);
    const origin = -edge * spacing;
    for (let i = 0; i < abscissa.length; i++) esf[i]! += spline(abscissa[i]! - origin);
    transects++;
  }
  if (transects < 5) return null;
  for (let i = 0; i < esf.length; i++) esf[i]! /= transects;
  return esf;
}
