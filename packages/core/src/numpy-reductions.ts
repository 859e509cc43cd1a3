/**
 * Float64 reductions that add in exactly the order numpy does, so results agree with numpy
 * bit for bit (a plain left-to-right loop differs in the last bits).
 */

/** Elements numpy's buffered reduction hands to the inner loop at a time (`np.BUFSIZE`). */
const NUMPY_BUFFER_SIZE = 8192;

/** Blocks up to this length are summed with eight running accumulators; longer ones are split. */
const PAIRWISE_BLOCK = 128;

/**
 * numpy's `pairwise_sum` over `values[start, end)`: fewer than 8 elements are added one by one
 * starting from 0; up to 128 elements use eight running partial sums combined as
 * `((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7))` followed by the leftover elements; longer ranges are
 * split at half the length rounded down to a multiple of 8 and summed recursively.
 *
 * @param values - the numbers to add (contiguous).
 * @param start - first index (inclusive), default 0.
 * @param end - last index (exclusive), default `values.length`.
 * @returns the sum in numpy's order of operations.
 */
export function pairwiseSum(values: ArrayLike<number>, start = 0, end = values.length): number {
  const n = end - start;
  if (n < 8) {
    let sum = 0;
    for (let i = start; i < end; i++) sum += values[i] as number;
    return sum;
  }
  if (n <= PAIRWISE_BLOCK) {
    let r0 = values[start] as number;
    let r1 = values[start + 1] as number;
    let r2 = values[start + 2] as number;
    let r3 = values[start + 3] as number;
    let r4 = values[start + 4] as number;
    let r5 = values[start + 5] as number;
    let r6 = values[start + 6] as number;
    let r7 = values[start + 7] as number;
    const blockEnd = end - (n % 8);
    let i = start + 8;
    for (; i < blockEnd; i += 8) {
      r0 += values[i] as number;
      r1 += values[i + 1] as number;
      r2 += values[i + 2] as number;
      r3 += values[i + 3] as number;
      r4 += values[i + 4] as number;
      r5 += values[i + 5] as number;
      r6 += values[i + 6] as number;
      r7 += values[i + 7] as number;
    }
    let sum = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < end; i++) sum += values[i] as number;
    return sum;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwiseSum(values, start, start + half) + pairwiseSum(values, start + half, end);
}

/**
 * `np.sum` / `np.add.reduce` of a contiguous float64 vector: the vector is processed in
 * buffers of 8192 elements, each summed pairwise ({@link pairwiseSum}) and added in turn to
 * an accumulator that starts at 0.
 *
 * @param values - the numbers to add.
 * @param start - first index (inclusive), default 0.
 * @param end - last index (exclusive), default `values.length`.
 * @returns the sum, bit-identical to numpy's.
 */
export function numpySum(values: ArrayLike<number>, start = 0, end = values.length): number {
  let total = 0;
  for (let chunk = start; chunk < end; chunk += NUMPY_BUFFER_SIZE) {
    total += pairwiseSum(values, chunk, Math.min(end, chunk + NUMPY_BUFFER_SIZE));
  }
  return total;
}

/**
 * `np.mean` of a contiguous float64 vector: {@link numpySum} divided by the element count
 * (NaN for an empty range, as numpy).
 *
 * @param values - the numbers to average.
 * @param start - first index (inclusive), default 0.
 * @param end - last index (exclusive), default `values.length`.
 * @returns the mean, bit-identical to numpy's.
 */
export function numpyMean(values: ArrayLike<number>, start = 0, end = values.length): number {
  return numpySum(values, start, end) / (end - start);
}
