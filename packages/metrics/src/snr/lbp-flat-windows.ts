import type { ChannelPlane } from "../images/channel-planes.js";
import { gridSize } from "./window-stats.js";

function round5(v: number): number {
  const x = v * 1e5;
  const r = Math.round(x);
  const even = r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
  return even / 1e5;
}

function sampleOrZero(data: Float64Array, width: number, height: number, r: number, c: number): number {
  return r < 0 || c < 0 || r >= height || c >= width ? 0 : data[r * width + c]!;
}

/**
 * Marks the pixels whose rotation-invariant uniform local binary pattern (skimage
 * `local_binary_pattern(P = 8R, R, "uniform")`) is "flat" in iquaflow's sense: code ≤ R − 1 or
 * ≥ P − R + 1 (which includes the non-uniform code P + 1, as in the original). Neighbours are
 * bilinearly interpolated with a zero border, with the same operation order as skimage.
 */
export function lbpFlatMask(plane: ChannelPlane, radius: number): Uint8Array {
  const { width, height } = plane;
  if (radius === 1 && width >= 3 && height >= 3) return lbpFlatMaskRadius1(plane);
  return lbpFlatMaskGeneral(plane, radius, false);
}

/** Any radius; with `borderOnly`, only the outermost `radius` rows/columns are computed. */
function lbpFlatMaskGeneral(plane: ChannelPlane, radius: number, borderOnly: boolean): Uint8Array {
  const { width, height, data } = plane;
  const points = 8 * radius;
  const rp = new Float64Array(points);
  const cp = new Float64Array(points);
  for (let i = 0; i < points; i++) {
    const a = (2 * Math.PI * i) / points;
    rp[i] = round5(-radius * Math.sin(a));
    cp[i] = round5(radius * Math.cos(a));
  }
  const limit1 = radius - 1;
  const limit2 = points - radius + 1;
  const bits = new Uint8Array(points);
  const flat = new Uint8Array(width * height);
  const fr = Int32Array.from(rp, Math.floor);
  const fc = Int32Array.from(cp, Math.floor);
  const cr = Int32Array.from(rp, Math.ceil);
  const cc = Int32Array.from(cp, Math.ceil);
  for (let r = 0; r < height; r++) {
    const rowInside = r >= radius && r < height - radius;
    for (let c = 0; c < width; c++) {
      const inside = rowInside && c >= radius && c < width - radius;
      if (borderOnly && inside) {
        c = width - radius - 1;
        continue;
      }
      const centre = data[r * width + c]!;
      for (let i = 0; i < points; i++) {
        const pr = r + rp[i]!;
        const pc = c + cp[i]!;
        const dr = pr - (r + fr[i]!);
        const dc = pc - (c + fc[i]!);
        let tl: number;
        let tr: number;
        let bl: number;
        let br: number;
        if (inside) {
          const top = (r + fr[i]!) * width;
          const bottom = (r + cr[i]!) * width;
          tl = data[top + c + fc[i]!]!;
          tr = data[top + c + cc[i]!]!;
          bl = data[bottom + c + fc[i]!]!;
          br = data[bottom + c + cc[i]!]!;
        } else {
          tl = sampleOrZero(data, width, height, r + fr[i]!, c + fc[i]!);
          tr = sampleOrZero(data, width, height, r + fr[i]!, c + cc[i]!);
          bl = sampleOrZero(data, width, height, r + cr[i]!, c + fc[i]!);
          br = sampleOrZero(data, width, height, r + cr[i]!, c + cc[i]!);
        }
        const top = (1 - dc) * tl + dc * tr;
        const bottom = (1 - dc) * bl + dc * br;
        const t = (1 - dr) * top + dr * bottom;
        bits[i] = t - centre >= 0 ? 1 : 0;
      }
      let changes = 0;
      for (let i = 0; i < points - 1; i++) if (bits[i] !== bits[i + 1]) changes++;
      let code = points + 1;
      if (changes <= 2) {
        code = 0;
        for (let i = 0; i < points; i++) code += bits[i]!;
      }
      flat[r * width + c] = code >= limit2 || code <= limit1 ? 1 : 0;
    }
  }
  return flat;
}

/**
 * iquaflow's homogeneous-window selection: a grid window is "good" when the share of flat-LBP
 * pixels is ≥ `threshold` and < 1 (fully flat windows are excluded, as in the original).
 */
export function lbpGoodWindows(
  plane: ChannelPlane,
  patch: number,
  stride: number,
  radius: number,
  threshold: number,
): Uint8Array {
  const flat = lbpFlatMask(plane, radius);
  const rows = gridSize(plane.height, patch, stride);
  const cols = gridSize(plane.width, patch, stride);
  const good = new Uint8Array(rows * cols);
  for (let gi = 0; gi < rows; gi++) {
    for (let gj = 0; gj < cols; gj++) {
      let n = 0;
      for (let r = 0; r < patch; r++) {
        const base = (gi * stride + r) * plane.width + gj * stride;
        for (let c = 0; c < patch; c++) n += flat[base + c]!;
      }
      const ratio = n / (patch * patch);
      good[gi * cols + gj] = ratio >= threshold && ratio < 1 ? 1 : 0;
    }
  }
  return good;
}

/**
 * Radius-1 fast path of {@link lbpFlatMask}, identical results: the four axis neighbours fall on
 * pixel centres (their bilinear weights are exactly 0 and 1), so only the four diagonal ones
 * are interpolated, with the same operation order; border pixels use the general path.
 */
function lbpFlatMaskRadius1(plane: ChannelPlane): Uint8Array {
  const { width, height, data } = plane;
  const flat = lbpFlatMaskGeneral(plane, 1, true);
  const d = round5(Math.SQRT1_2);
  for (let r = 1; r < height - 1; r++) {
    // Row offsets r ∓ d and their fractional parts, as skimage computes them.
    const up = r - d;
    const down = r + d;
    const drUp = up - (r - 1);
    const drDown = down - r;
    for (let c = 1; c < width - 1; c++) {
      const i = r * width + c;
      const centre = data[i]!;
      const left = c - d;
      const right = c + d;
      const dcLeft = left - (c - 1);
      const dcRight = right - c;
      const n = data[i - width]!;
      const s = data[i + width]!;
      const w = data[i - 1]!;
      const e = data[i + 1]!;
      const nw = data[i - width - 1]!;
      const ne = data[i - width + 1]!;
      const sw = data[i + width - 1]!;
      const se = data[i + width + 1]!;
      // Neighbour order i = 0..7: E, NE, N, NW, W, SW, S, SE (angle 2πi/8, row offset −sin).
      const tNE =
        (1 - drUp) * ((1 - dcRight) * n + dcRight * ne) + drUp * ((1 - dcRight) * centre + dcRight * e);
      const tNW = (1 - drUp) * ((1 - dcLeft) * nw + dcLeft * n) + drUp * ((1 - dcLeft) * w + dcLeft * centre);
      const tSW =
        (1 - drDown) * ((1 - dcLeft) * w + dcLeft * centre) + drDown * ((1 - dcLeft) * sw + dcLeft * s);
      const tSE =
        (1 - drDown) * ((1 - dcRight) * centre + dcRight * e) + drDown * ((1 - dcRight) * s + dcRight * se);
      const b0 = e - centre >= 0 ? 1 : 0;
      const b1 = tNE - centre >= 0 ? 1 : 0;
      const b2 = n - centre >= 0 ? 1 : 0;
      const b3 = tNW - centre >= 0 ? 1 : 0;
      const b4 = w - centre >= 0 ? 1 : 0;
      const b5 = tSW - centre >= 0 ? 1 : 0;
      const b6 = s - centre >= 0 ? 1 : 0;
      const b7 = tSE - centre >= 0 ? 1 : 0;
      const changes = (b0 ^ b1) + (b1 ^ b2) + (b2 ^ b3) + (b3 ^ b4) + (b4 ^ b5) + (b5 ^ b6) + (b6 ^ b7);
      const code = changes <= 2 ? b0 + b1 + b2 + b3 + b4 + b5 + b6 + b7 : 9;
      flat[i] = code >= 8 || code <= 0 ? 1 : 0;
    }
  }
  return flat;
}
