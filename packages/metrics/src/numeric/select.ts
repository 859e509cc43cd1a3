/**
 * k-th smallest value (0-based) of `values`, which is reordered in place (Hoare quickselect
 * with median-of-three pivots). Linear time on average; no allocation.
 */
export function selectInPlace(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    const a = values[lo]!;
    const b = values[mid]!;
    const c = values[hi]!;
    // biome-ignore lint/complexity/useMathMinMax: comparisons, not Math.max, so NaN orders as numpy's partition does
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k]!;
  }
  return values[k]!;
}

/**
 * Median of the non-zero samples (mean of the two middle values for an even count; NaN when
 * there are none). Integer data in 0..65535 uses a histogram; other data uses quickselect.
 */
export function nonZeroMedianOf(data: Float64Array): number {
  let count = 0;
  let integral = true;
  for (const v of data) {
    if (v === 0) continue;
    count++;
    if (integral && !(Number.isInteger(v) && v > 0 && v <= 65535)) integral = false;
  }
  if (count === 0) return Number.NaN;
  const lowRank = (count - 1) >> 1;
  const highRank = count >> 1;
  if (integral) {
    const histogram = new Uint32Array(65536);
    for (const v of data) if (v !== 0) histogram[v]!++;
    let low = -1;
    let seen = 0;
    for (let v = 1; v < 65536; v++) {
      seen += histogram[v]!;
      if (low < 0 && seen > lowRank) low = v;
      if (seen > highRank) return (low + v) / 2;
    }
  }
  const values = data.filter((v) => v !== 0);
  const high = selectInPlace(values, highRank);
  if (lowRank === highRank) return high;
  let low = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < highRank; i++) if (values[i]! > low) low = values[i]!;
  return (low + high) / 2;
}

/**
 * numpy linear quantile (q in [0, 1]) of the non-zero samples (NaN when there are none).
 * Integer data in 0..65535 uses a histogram; other data sorts a copy.
 */
export function nonZeroQuantileOf(data: Float64Array, q: number): number {
  let count = 0;
  let integral = true;
  for (const v of data) {
    if (v === 0) continue;
    count++;
    if (integral && !(Number.isInteger(v) && v > 0 && v <= 65535)) integral = false;
  }
  if (count === 0) return Number.NaN;
  const pos = (count - 1) * q;
  const lo = Math.floor(pos);
  const t = pos - lo;
  let a: number;
  let b: number;
  if (integral) {
    const histogram = new Uint32Array(65536);
    for (const v of data) if (v !== 0) histogram[v]!++;
    a = Number.NaN;
    b = Number.NaN;
    let seen = 0;
    for (let v = 1; v < 65536 && Number.isNaN(b); v++) {
      seen += histogram[v]!;
      if (Number.isNaN(a) && seen > lo) a = v;
      if (seen > Math.min(lo + 1, count - 1)) b = v;
    }
  } else {
    const sorted = data.filter((v) => v !== 0).sort();
    a = sorted[lo]!;
    b = sorted[Math.min(lo + 1, count - 1)]!;
  }
  const d = b - a;
  return t < 0.5 ? a + d * t : b - d * (1 - t);
}
