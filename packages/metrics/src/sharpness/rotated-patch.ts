/**
 * iquaflow measures edges of "other" directions on a patch rotated so the edge runs down its
 * columns (`scipy.ndimage.rotate`: cubic B-spline interpolation of the pixels), by the angle of
 * a 5-px segment with integer end points. The interpolation softens the edge a little and the
 * coarse angle leaves it slightly tilted; this module reproduces that resampling.
 */
import type { EdgePatch } from "./patch-esf.js";

/** Pole of the cubic B-spline prefilter. */
const POLE = Math.sqrt(3) - 2;
/** Terms of the causal initialisation sum (|pole|^k below 1e-12). */
const HORIZON = Math.ceil(Math.log(1e-12) / Math.log(Math.abs(POLE)));
/** Pixels of context around the sampled region, as iquaflow's 12-px crop margin. */
const MARGIN = 12;

/** In-place cubic B-spline prefilter of `n` samples spaced `stride` apart from `offset` (mirror boundary). */
function prefilterLine(c: Float64Array, offset: number, stride: number, n: number): void {
  const at = (k: number) => offset + k * stride;
  let sum = c[at(0)]!;
  let zk = 1;
  for (let k = 1; k < Math.min(n, HORIZON); k++) {
    zk *= POLE;
    sum += zk * c[at(k)]!;
  }
  c[at(0)] = sum;
  for (let k = 1; k < n; k++) c[at(k)]! += POLE * c[at(k - 1)]!;
  c[at(n - 1)] = (POLE / (POLE * POLE - 1)) * (c[at(n - 1)]! + POLE * c[at(n - 2)]!);
  for (let k = n - 2; k >= 0; k--) c[at(k)] = POLE * (c[at(k + 1)]! - c[at(k)]!);
  for (let k = 0; k < n; k++) c[at(k)]! *= 6;
}

/** The four cubic B-spline weights for fractional offset `t`, written into `w`. */
function splineWeights(t: number, w: Float64Array): void {
  const u = 1 - t;
  w[0] = (u * u * u) / 6;
  w[1] = (3 * t * t * t - 6 * t * t + 4) / 6;
  w[2] = (-3 * t * t * t + 3 * t * t + 3 * t + 1) / 6;
  w[3] = (t * t * t) / 6;
}

/**
 * iquaflow's rotation for an edge through `(px, py)` with unit normal `(nx, ny)`: the normal of
 * a 5-px piece of the edge with integer end points (its Hough segments are cut into such
 * pieces), centred on the edge point and oriented like `(nx, ny)`.
 */
export function quantisedNormal(px: number, py: number, nx: number, ny: number): { ax: number; ay: number } {
  const tx = -ny * 2.5;
  const ty = nx * 2.5;
  const vx = Math.round(px + tx) - Math.round(px - tx);
  const vy = Math.round(py + ty) - Math.round(py - ty);
  const length = Math.hypot(vx, vy);
  const sign = vy * nx - vx * ny < 0 ? -1 : 1;
  return { ax: (sign * vy) / length, ay: (-sign * vx) / length };
}

/**
 * A `rows × cols` patch resampled by cubic B-spline interpolation on a grid centred on the
 * pixel `(cx, cy)` whose rows run along `(ax, ay)` (an edge with that normal runs down the
 * columns, its side towards `(ax, ay)` on the right). Null when the region with its 12-px margin
 * leaves the channel or holds a no-data (zero) sample, which iquaflow's spline prefilter would
 * spread over the whole patch.
 */
export function rotatedPatch(
  plane: { readonly data: Float64Array | Float32Array; readonly width: number; readonly height: number },
  cx: number,
  cy: number,
  normal: { ax: number; ay: number },
  rows: number,
  cols: number,
): EdgePatch | null {
  const { data, width, height } = plane;
  const { ax, ay } = normal;
  const r = Math.ceil(Math.hypot(rows, cols) / 2) + 2 + MARGIN;
  if (cx - r < 0 || cy - r < 0 || cx + r >= width || cy + r >= height) return null;
  const size = 2 * r + 1;
  const coefficients = new Float64Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const v = data[(cy - r + y) * width + cx - r + x]!;
      if (v === 0) return null;
      coefficients[y * size + x] = v;
    }
  }
  for (let y = 0; y < size; y++) prefilterLine(coefficients, y * size, 1, size);
  for (let x = 0; x < size; x++) prefilterLine(coefficients, x, size, size);
  const out = new Float64Array(rows * cols);
  const wx = new Float64Array(4);
  const wy = new Float64Array(4);
  const rc = Math.floor((rows - 1) / 2);
  const cc = (cols - 1) / 2;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const x = r - (i - rc) * ay + (j - cc) * ax;
      const y = r + (i - rc) * ax + (j - cc) * ay;
      const ix = Math.floor(x);
      const iy = Math.floor(y);
      splineWeights(x - ix, wx);
      splineWeights(y - iy, wy);
      let v = 0;
      for (let b = 0; b < 4; b++) {
        const row = (iy - 1 + b) * size + ix - 1;
        v +=
          wy[b]! *
          (wx[0]! * coefficients[row]! +
            wx[1]! * coefficients[row + 1]! +
            wx[2]! * coefficients[row + 2]! +
            wx[3]! * coefficients[row + 3]!);
      }
      out[i * cols + j] = v;
    }
  }
  return { data: out, rows, cols };
}
