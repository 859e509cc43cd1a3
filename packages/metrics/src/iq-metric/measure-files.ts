import { basename } from "node:path";
import type { ProgressCallback } from "@iqf/core";
import { deserializeError, IqfError, mapConcurrent, type SerializedError, WorkerPool } from "@iqf/core";
import {
  type MeasurementKind,
  type MeasurementOptions,
  type MeasurementResult,
  type MeasureRequest,
  runMeasurement,
} from "./measurements.js";

/** Worker threads pay a start-up cost (loading the codecs); below this many images each, one thread is faster. */
const MIN_FILES_PER_WORKER = 8;

/** Progress and cancellation of {@link measureFiles}. */
export interface PoolHooks {
  /** Called after each image. */
  readonly onProgress?: ProgressCallback | undefined;
  /** Stops starting new images. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Measures files with up to `concurrency` worker threads (a {@link WorkerPool} of `@iqf/core`
 * for this call; one image per thread at a time, so
 * every core works on its own image, and at least 8 images per thread so the start-up cost pays
 * off); otherwise it runs in this thread. Results keep the order of `files`. An error thrown in a
 * worker reaches the caller with the same class name and `code` as in this thread.
 */
export async function measureFiles<K extends MeasurementKind>(
  files: readonly string[],
  kind: K,
  options: MeasurementOptions<K>,
  concurrency: number,
  hooks: PoolHooks = {},
): Promise<MeasurementResult<K>[]> {
  let done = 0;
  const report = (file: string): void =>
    hooks.onProgress?.({ done: ++done, total: files.length, item: basename(file), label: kind });
  const threads = Math.min(concurrency, Math.floor(files.length / MIN_FILES_PER_WORKER));
  if (threads <= 1) {
    return mapConcurrent(
      files,
      1,
      async (file): Promise<MeasurementResult<K>> => {
        const result = await runMeasurement({ kind, file, options });
        report(file);
        return result;
      },
      hooks.signal,
    );
  }
  const pool = new WorkerPool<MeasureRequest<K>, MeasurementResult<K>>(
    new URL("./measure-worker.js", import.meta.url),
    threads,
  );
  try {
    return await mapConcurrent(
      files,
      threads,
      async (file) => {
        const reply = await pool.run({ kind, file, options });
        if ("error" in reply) {
          const error = deserializeError(reply.error as SerializedError);
          throw error instanceof IqfError ? error : new Error(`${file}: ${error.message}`, { cause: error });
        }
        report(file);
        return reply.result;
      },
      hooks.signal,
    );
  } finally {
    await pool.close();
  }
}
