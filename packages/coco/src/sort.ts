/** Bits per radix digit: four passes cover a 64-bit key. */
const DIGIT_BITS = 16;
const DIGIT_MASK = (1 << DIGIT_BITS) - 1;
/** Index of the low 32-bit word of a double viewed as two `Uint32Array` elements. */
const LOW_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
const HIGH_WORD = 1 - LOW_WORD;

/**
 * The order of `key` by descending value, equal values in ascending index order: numpy's stable
 * `argsort(-key, kind="mergesort")`. A least-significant-digit radix sort of the keys' IEEE bits
 * (−0 counts as +0, as in comparisons), so its cost is linear in `key.length`.
 *
 * @param key - the sort keys, e.g. detection scores; none may be NaN.
 * @returns indices into `key`, highest key first.
 */
export function orderByDescendingKey(key: Float64Array): Int32Array {
  const n = key.length;
  // Descending order of a double is ascending order of these 64 bits: a negative double's bits
  // as they are, a non-negative one's with every bit but the sign bit flipped.
  const words = new Uint32Array(2 * n);
  const bits = new Float64Array(words.buffer);
  for (let i = 0; i < n; i++) bits[i] = (key[i] as number) + 0;
  for (let i = 0; i < n; i++) {
    const high = words[2 * i + HIGH_WORD] as number;
    if (high >>> 31 === 0) {
      words[2 * i + LOW_WORD] = ~(words[2 * i + LOW_WORD] as number);
      words[2 * i + HIGH_WORD] = high ^ 0x7fffffff;
    }
  }
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let spare = new Int32Array(n);
  const counts = new Int32Array(DIGIT_MASK + 2);
  // Digits go from the lowest 16 bits to the highest.
  for (let pass = 0; pass < 4; pass++) {
    const word = pass < 2 ? LOW_WORD : HIGH_WORD;
    const shift = (pass & 1) * DIGIT_BITS;
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const digit = ((words[2 * i + word] as number) >>> shift) & DIGIT_MASK;
      counts[digit + 1] = (counts[digit + 1] as number) + 1;
    }
    if (n === 0 || counts.includes(n)) continue;
    for (let d = 0; d <= DIGIT_MASK; d++) counts[d + 1] = (counts[d + 1] as number) + (counts[d] as number);
    for (let j = 0; j < n; j++) {
      const i = order[j] as number;
      const digit = ((words[2 * i + word] as number) >>> shift) & DIGIT_MASK;
      const at = counts[digit] as number;
      spare[at] = i;
      counts[digit] = at + 1;
    }
    [order, spare] = [spare, order];
  }
  return order;
}
