/**
 * Runs `work` for every item with at most `limit` calls in flight, in item order. When `signal`
 * is aborted or a call rejects, no new item is started; the call resolves only after every
 * started item has settled, then rejects with the abort reason or the first error, so nothing
 * is still running when the caller cleans up.
 */
export async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  let failure: { readonly error: unknown } | undefined;
  const lane = async () => {
    while (next < items.length && failure === undefined && !signal?.aborted) {
      const index = next++;
      try {
        await work(items[index]!, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  signal?.throwIfAborted();
  if (failure !== undefined) throw failure.error;
}
