/**
 * Runs `work` over the items of an iterator with at most `concurrency` calls at once. Each
 * call gets the index of the worker running it (0 … concurrency-1), so per-worker resources
 * (e.g. one GPU each) can be assigned. Stops taking new items once `shouldStop()` is true.
 */
export async function runPool<T>(
  items: Iterable<T>,
  concurrency: number,
  work: (item: T, worker: number) => Promise<void>,
  shouldStop: () => boolean = () => false,
): Promise<void> {
  const iterator = items[Symbol.iterator]();
  const worker = async (index: number): Promise<void> => {
    while (!shouldStop()) {
      const next = iterator.next();
      if (next.done) return;
      await work(next.value, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, (_, index) => worker(index)));
}
