/**
 * Sorts `indices` in place by descending `key[index]`, equal keys in ascending index order.
 * When the indices start out ascending this is numpy's stable `argsort(-key, kind="mergesort")`.
 *
 * @param indices - indices into `key` (a subarray view sorts only that range).
 * @param key - the sort key of every index, e.g. detection scores.
 */
export function sortIndicesByKeyDescending(indices: Int32Array, key: Float64Array): void {
  const n = indices.length;
  if (n <= 24) {
    for (let i = 1; i < n; i++) {
      const index = indices[i] as number;
      const value = key[index] as number;
      let j = i - 1;
      while (j >= 0) {
        const other = indices[j] as number;
        const otherValue = key[other] as number;
        if (otherValue > value || (otherValue === value && other < index)) break;
        indices[j + 1] = other;
        j--;
      }
      indices[j + 1] = index;
    }
    return;
  }
  indices.sort((a, b) => (key[b] as number) - (key[a] as number) || a - b);
}
