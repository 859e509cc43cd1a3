/**
 * Runs `work` for every item with at most `limit` calls in flight, in item order. Stops taking new
 * items once `signal` is aborted and then rejects with its reason. `work` must not reject: report
 * per-item failures through its own result.
 */
export async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      signal?.throwIfAborted();
      const index = next++;
      await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  signal?.throwIfAborted();
}
