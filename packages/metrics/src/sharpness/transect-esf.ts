import { notAKnotInterpolator } from "./logistic-esf.js";

/** Where and how an edge crosses its region: the inputs of {@link transectEsf}. */
export interface EdgeFrame {
  /** Channel samples, row-major. */
  readonly data: Float32Array | Float64Array;
  /** Channel width. */
  readonly width: number;
  /** A point of the edge (column, row). */
  readonly px: number;
  /** Row of that point. */
  readonly py: number;
  /** Unit normal towards the bright side, x component. */
  readonly nx: number;
  /** Unit normal, y component. */
  readonly ny: number;
  /** Half-length of the measured edge piece, px. */
  readonly half: number;
  /** Half-width of the region across the edge, px. */
  readonly halfWidth: number;
  /** Dark level (maps to 0). */
  readonly dark: number;
  /** Bright minus dark level (maps to 1). */
  readonly contrast: number;
}

/** ESF abscissa of {@link transectEsf}: −radius … radius in steps of 0.1 px. */
export function esfAbscissa(radius: number): Float64Array {
  const n = Math.round(radius / 0.1);
  return Float64Array.from({ length: 2 * n + 1 }, (_, i) => (i - n) * 0.1);
}

/**
 * iquaflow's way of building an ESF: each pixel row (or column, for edges nearer horizontal)
 * crossing the edge is a transect; its normalised pixel values are interpolated by a not-a-knot
 * cubic spline against their distance to the edge and evaluated on `abscissa`; the ESF is the
 * mean over the transects. Returns null with fewer than 5 transects.
 */
export function transectEsf(frame: EdgeFrame, abscissa: Float64Array): Float64Array | null {
  const { data, width, px, py, nx, ny, half, halfWidth, dark, contrast } = frame;
  const alongRows = Math.abs(nx) >= Math.abs(ny);
  // Transects run along x (rows) when the normal is mostly horizontal, else along y (columns).
  const step = alongRows ? nx : ny;
  const span = Math.ceil(halfWidth / Math.abs(step));
  const esf = new Float64Array(abscissa.length);
  const values = new Float64Array(2 * span + 1);
  const height = data.length / width;
  const interpolate = notAKnotInterpolator(2 * span + 1, Math.abs(step));
  if (!interpolate) return null;
  let transects = 0;
  for (let k = -half; k <= half; k++) {
    // Transect through the edge point shifted by k px along the other axis.
    const other = alongRows ? Math.round(py) + k : Math.round(px) + k;
    const crossingAt = alongRows ? px - ((other - py) * ny) / nx : py - ((other - px) * nx) / ny;
    const start = Math.round(crossingAt) - span;
    for (let j = 0; j <= 2 * span; j++) {
      const x = alongRows ? start + j : other;
      const y = alongRows ? other : start + j;
      if (x < 0 || y < 0 || x >= width || y >= height) return null;
      const v = data[y * width + x]!;
      if (v === 0) return null;
      values[j] = (v - dark) / contrast;
    }
    // Distance of sample j to the edge: (start + j − crossingAt)·step, uniform in j.
    const first = (start - crossingAt) * step;
    const ordered = step > 0 ? values : values.slice().reverse();
    const origin = step > 0 ? first : first + 2 * span * step;
    const spline = interpolate(ordered);
    for (let i = 0; i < abscissa.length; i++) esf[i]! += spline(abscissa[i]! - origin);
    transects++;
  }
  if (transects < 5) return null;
  for (let i = 0; i < esf.length; i++) esf[i]! /= transects;
  return esf;
}
