import type { ChannelPlane } from "../images/channel-planes.js";
import { nonZeroMedianOf } from "../numeric/select.js";

/** Mean and sample standard deviation of every window of a regular grid over a plane. */
export interface WindowStats {
  /** Number of window rows: `floor((H − p) / stride) + 1`. */
  readonly rows: number;
  /** Number of window columns: `floor((W − p) / stride) + 1`. */
  readonly cols: number;
  /** Window means, row-major over the grid; NaN when the window holds a zero (no-data) sample. */
  readonly mean: Float64Array;
  /** Window standard deviations (ddof 1), same layout; NaN when the window holds a zero sample. */
  readonly std: Float64Array;
}

/** Number of window positions along one axis (0 when the window does not fit). */
export function gridSize(length: number, patch: number, stride: number): number {
  return length < patch ? 0 : Math.floor((length - patch) / stride) + 1;
}

/**
 * Mean and std (ddof 1) of `patch × patch` windows whose top-left corners sit every `stride`
 * pixels. Sums run row by row (each window row summed left to right, row sums accumulated),
 * which is numpy's order for `mean/std(view_as_windows(...), axis=(3, 2))`, so the results are
 * bit-identical to iquaflow's.
 */
export function windowStats(plane: ChannelPlane, patch: number, stride: number): WindowStats {
  const { width, data } = plane;
  const rows = gridSize(plane.height, patch, stride);
  const cols = gridSize(width, patch, stride);
  const mean = new Float64Array(rows * cols);
  const std = new Float64Array(rows * cols);
  const count = patch * patch;
  for (let gi = 0; gi < rows; gi++) {
    for (let gj = 0; gj < cols; gj++) {
      const y0 = gi * stride;
      const x0 = gj * stride;
      let total = 0;
      let hasNoData = false;
      for (let r = 0; r < patch && !hasNoData; r++) {
        let rowSum = 0;
        const base = (y0 + r) * width + x0;
        for (let c = 0; c < patch; c++) {
          const v = data[base + c]!;
          if (v === 0) {
            hasNoData = true;
            break;
          }
          rowSum += v;
        }
        total += rowSum;
      }
      const k = gi * cols + gj;
      if (hasNoData) {
        mean[k] = Number.NaN;
        std[k] = Number.NaN;
        continue;
      }
      const m = total / count;
      let sq = 0;
      for (let r = 0; r < patch; r++) {
        let rowSum = 0;
        const base = (y0 + r) * width + x0;
        for (let c = 0; c < patch; c++) {
          const d = data[base + c]! - m;
          rowSum += d * d;
        }
        sq += rowSum;
      }
      mean[k] = m;
      std[k] = Math.sqrt(sq / (count - 1));
    }
  }
  return { rows, cols, mean, std };
}

/** Median of the non-zero samples of a plane (NaN when every sample is zero). */
export function nonZeroMedian(plane: ChannelPlane): number {
  return nonZeroMedianOf(plane.data);
}
