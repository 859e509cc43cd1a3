import { availableParallelism } from "node:os";

/** Default number of CPU-bound jobs at once (measuring, kernels on worker threads): one per core. */
export function defaultConcurrency(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Default number of items in flight in a pipeline that alternates file I/O with work done
 * elsewhere (libvips or worker threads), such as `modifyDataset`: two per core, so that every
 * core has the next item read while it works on one.
 */
export function defaultIoConcurrency(): number {
  return 2 * Math.max(1, availableParallelism());
}

/**
 * Maps `items` through `task` with at most `limit` tasks running at once; results keep the
 * input order. Stops starting new tasks once `signal` is aborted and rethrows its reason.
 */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      signal?.throwIfAborted();
      const index = next++;
      results[index] = await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
