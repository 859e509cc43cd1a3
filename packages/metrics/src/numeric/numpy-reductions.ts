/**
 * Reductions that reproduce numpy's floating-point operation order (pairwise summation in
 * blocks of 8), so that results computed here equal numpy's bit for bit. The plain sum and mean
 * come from `@iqf/core`.
 */
import { numpyMean, pairwiseSum } from "@iqf/core";

/** numpy `std` (population when `ddof` is 0) of a 1-D float array. */
export function numpyStd(values: ArrayLike<number>, ddof = 0): number {
  const n = values.length;
  const m = numpyMean(values);
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = values[i]! - m;
    sq[i] = d * d;
  }
  return Math.sqrt(pairwiseSum(sq) / (n - ddof));
}

/** numpy `nanmean`: NaNs count as 0 in place and are left out of the count. */
export function numpyNanMean(values: ArrayLike<number>): number {
  const n = values.length;
  const filled = new Float64Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    filled[i] = v;
    count++;
  }
  return pairwiseSum(filled) / count;
}

/** numpy `nanstd` (population when `ddof` is 0); NaN positions contribute 0 to every sum. */
export function numpyNanStd(values: ArrayLike<number>, ddof = 0): number {
  const n = values.length;
  const filled = new Float64Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    filled[i] = v;
    count++;
  }
  const m = pairwiseSum(filled) / count;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    const d = v - m;
    filled[i] = d * d;
  }
  return Math.sqrt(pairwiseSum(filled) / (count - ddof));
}

/** Median of the non-NaN values (mean of the two middle values for an even count); NaN when empty. */
export function numpyNanMedian(values: ArrayLike<number>): number {
  const kept: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) kept.push(values[i]!);
  return sortedMedian(Float64Array.from(kept).sort());
}

/** Median of an ascending-sorted array; NaN when empty. */
export function sortedMedian(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = n >> 1;
  return n % 2 === 1 ? sorted[h]! : (sorted[h - 1]! + sorted[h]!) / 2;
}

/** numpy linear `quantile` (q in [0, 1]) of an ascending-sorted array, with numpy ≥ 1.22's lerp. */
export function sortedQuantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const v = (n - 1) * q;
  const lo = Math.floor(v);
  const t = v - lo;
  const a = sorted[lo]!;
  const b = sorted[Math.min(lo + 1, n - 1)]!;
  const d = b - a;
  return t < 0.5 ? a + d * t : b - d * (1 - t);
}

/** numpy `rint`: rounds half to even. */
export function rintHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
