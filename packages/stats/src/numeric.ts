/**
 * numpy/pandas-compatible numeric helpers: 10-bin histograms and column summaries with the
 * same IEEE operations in the same order as numpy, so that results match iquaflow bit for bit.
 */
import { numpySum } from "@iqf/core";

/** A read-only list of numbers (plain array or typed array). */
export type NumberList = ArrayLike<number>;

/** A histogram with numpy's bin edges and counts. */
export interface Histogram {
  /** `bins + 1` edges; `edges[bins]` equals the maximum exactly. */
  readonly binEdges: number[];
  /** Number of values per bin; the last bin is closed on the right. */
  readonly counts: number[];
}

/**
 * `numpy.histogram(values, bins)` for equal-width bins over the data range: edges from
 * `linspace(min, max, bins + 1)` (a constant list spans `value ± 0.5`, an empty one `0 … 1`),
 * bin index `trunc((v − min) · (bins / (max − min)))` corrected against the edges, last bin closed.
 * Non-finite values are ignored.
 */
export function numpyHistogram(values: NumberList, bins = 10): Histogram {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) {
    lo = 0;
    hi = 1;
  } else if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const step = (hi - lo) / bins;
  const binEdges: number[] = new Array(bins + 1);
  for (let i = 0; i < bins; i++) binEdges[i] = i * step + lo;
  binEdges[bins] = hi;
  const counts: number[] = new Array(bins).fill(0);
  const norm = bins / (hi - lo);
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    if (!Number.isFinite(v) || v < lo || v > hi) continue;
    let i = Math.trunc((v - lo) * norm);
    if (i === bins) i -= 1;
    if (v < binEdges[i]!) i -= 1;
    else if (i !== bins - 1 && v >= binEdges[i + 1]!) i += 1;
    counts[i]! += 1;
  }
  return { binEdges, counts };
}

/** The `[{min}, {mean}, {max}]` triple iquaflow writes for a column (nulls skipped, as pandas does). */
export type BasicStats = [{ min: number | null }, { mean: number | null }, { max: number | null }];

/**
 * Min, mean and max of a column with nulls (NaN) skipped; the mean is pandas' `Series.mean()`:
 * nulls replaced by 0, numpy pairwise sum, divided by the count of non-null values.
 */
export function basicStats(column: Float64Array): BasicStats {
  let count = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  const filled = new Float64Array(column.length);
  for (let i = 0; i < column.length; i++) {
    const v = column[i]!;
    if (Number.isNaN(v)) continue;
    filled[i] = v;
    count++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (count === 0) return [{ min: null }, { mean: null }, { max: null }];
  return [{ min }, { mean: numpySum(filled) / count }, { max }];
}

/**
 * Mean of integer values (image heights and widths) as Python's `statistics.mean` gives it:
 * the sum is exact below 2^53, so the only rounding is the final division.
 */
export function exactMean(values: NumberList): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum / values.length;
}
