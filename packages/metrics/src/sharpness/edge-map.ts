import type { ChannelPlane } from "../images/channel-planes.js";
import { nonZeroQuantileOf } from "../numeric/select.js";

/** Gradients and thinned edge pixels of one channel. */
export interface EdgeMap {
  /** Sobel derivative along x (columns) of the smoothed channel. */
  readonly gx: Float32Array;
  /** Sobel derivative along y (rows) of the smoothed channel. */
  readonly gy: Float32Array;
  /** Gradient magnitude. */
  readonly magnitude: Float32Array;
  /** Indices of the edge pixels (non-maximum suppressed, hysteresis-linked), strongest first. */
  readonly edges: Int32Array;
}

function gaussianKernel(sigma: number): Float64Array {
  const radius = Math.floor(4 * sigma + 0.5);
  const k = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const v = Math.exp(-(i * i) / (2 * sigma * sigma));
    k[i + radius] = v;
    sum += v;
  }
  for (let i = 0; i < k.length; i++) k[i]! /= sum;
  return k;
}

/** Separable Gaussian smoothing, normalised at the borders (out-of-image weights dropped). */
function smooth(plane: ChannelPlane, sigma: number): Float32Array {
  const { width, height, data } = plane;
  const k = gaussianKernel(sigma);
  const r = (k.length - 1) >> 1;
  const tmp = new Float32Array(width * height);
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0;
      let w = 0;
      for (let i = -r; i <= r; i++) {
        const xx = x + i;
        if (xx < 0 || xx >= width) continue;
        s += k[i + r]! * data[y * width + xx]!;
        w += k[i + r]!;
      }
      tmp[y * width + x] = s / w;
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0;
      let w = 0;
      for (let i = -r; i <= r; i++) {
        const yy = y + i;
        if (yy < 0 || yy >= height) continue;
        s += k[i + r]! * tmp[yy * width + x]!;
        w += k[i + r]!;
      }
      out[y * width + x] = s / w;
    }
  }
  return out;
}

/**
 * Canny-style edge detection (Gaussian σ = 1, Sobel, non-maximum suppression along the
 * gradient, hysteresis with low/high thresholds 0.1/0.25 × the 99th percentile of the pixel
 * values, as iquaflow uses). Edge pixels are returned strongest first, ties by index, so every
 * later step is deterministic.
 */
export function detectEdges(plane: ChannelPlane): EdgeMap {
  const { width, height } = plane;
  const s = smooth(plane, 1);
  const n = width * height;
  const gx = new Float32Array(n);
  const gy = new Float32Array(n);
  const magnitude = new Float32Array(n);
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const dx =
        s[i - width + 1]! +
        2 * s[i + 1]! +
        s[i + width + 1]! -
        s[i - width - 1]! -
        2 * s[i - 1]! -
        s[i + width - 1]!;
      const dy =
        s[i + width - 1]! +
        2 * s[i + width]! +
        s[i + width + 1]! -
        s[i - width - 1]! -
        2 * s[i - width]! -
        s[i - width + 1]!;
      gx[i] = dx;
      gy[i] = dy;
      magnitude[i] = Math.hypot(dx, dy);
    }
  }
  const q99 = nonZeroQuantileOf(plane.data, 0.99) || 0;
  const low = 0.1 * q99;
  const high = 0.25 * q99;
  const candidate = new Uint8Array(n);
  for (let y = 2; y < height - 2; y++) {
    for (let x = 2; x < width - 2; x++) {
      const i = y * width + x;
      const m = magnitude[i]!;
      if (!(m >= low) || m === 0) continue;
      const ux = gx[i]! / m;
      const uy = gy[i]! / m;
      const ahead = bilinear(magnitude, width, x + ux, y + uy);
      const behind = bilinear(magnitude, width, x - ux, y - uy);
      if (m >= ahead && m > behind) candidate[i] = 1;
    }
  }
  const keep = new Uint8Array(n);
  const stack: number[] = [];
  for (let i = 0; i < n; i++) {
    if (candidate[i] && magnitude[i]! >= high && !keep[i]) {
      keep[i] = 1;
      stack.push(i);
      while (stack.length > 0) {
        const j = stack.pop()!;
        const jy = Math.floor(j / width);
        const jx = j - jy * width;
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const k = (jy + dy) * width + jx + dx;
            if ((dx || dy) && candidate[k] && !keep[k]) {
              keep[k] = 1;
              stack.push(k);
            }
          }
        }
      }
    }
  }
  const list: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) list.push(i);
  const edges = Int32Array.from(list).sort((a, b) => magnitude[b]! - magnitude[a]! || a - b);
  return { gx, gy, magnitude, edges };
}

/** Bilinear sample of a row-major float image (caller keeps the position inside). */
export function bilinear(img: Float32Array | Float64Array, width: number, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const i = y0 * width + x0;
  const top = img[i]! + fx * (img[i + 1]! - img[i]!);
  const bottom = img[i + width]! + fx * (img[i + width + 1]! - img[i + width]!);
  return top + fy * (bottom - top);
}
