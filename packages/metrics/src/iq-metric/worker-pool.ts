import { basename } from "node:path";
import type { ProgressCallback } from "@iqf/core";
import { mapConcurrent, WorkerPool } from "@iqf/core";

/** Worker threads pay a start-up cost (loading the codecs); below this many images each, one thread is faster. */
const MIN_FILES_PER_WORKER = 8;

/** Which per-image measurement a worker runs. */
export type MeasurementKind = "snr" | "sharpness";

/** A request posted to a measurement worker. */
export interface MeasureRequest {
  /** Measurement to run. */
  readonly kind: MeasurementKind;
  /** Image file. */
  readonly file: string;
  /** Validated options of that measurement. */
  readonly options: unknown;
}

/** Progress and cancellation of {@link measureFiles}. */
export interface PoolHooks {
  /** Called after each image. */
  readonly onProgress?: ProgressCallback | undefined;
  /** Stops starting new images. */
  readonly signal?: AbortSignal | undefined;
}

/** Runs one request in the current thread (the worker calls this too). */
export async function runRequest(request: MeasureRequest): Promise<unknown> {
  if (request.kind === "snr") {
    const { measureSnrFile } = await import("../snr/measure-snr.js");
    return measureSnrFile(request.file, request.options as Parameters<typeof measureSnrFile>[1]);
  }
  const { measureSharpnessFile } = await import("../sharpness/measure-sharpness.js");
  return measureSharpnessFile(request.file, request.options as Parameters<typeof measureSharpnessFile>[1]);
}

/**
 * Measures files with up to `concurrency` worker threads (a {@link WorkerPool} of `@iqf/core`
 * for this call; one image per thread at a time, so
 * every core works on its own image, and at least 8 images per thread so the start-up cost pays
 * off); otherwise it runs in this thread. Results keep the order of `files`.
 */
export async function measureFiles<T>(
  files: readonly string[],
  kind: MeasurementKind,
  options: unknown,
  concurrency: number,
  hooks: PoolHooks = {},
): Promise<T[]> {
  let done = 0;
  const report = (file: string): void =>
    hooks.onProgress?.({ done: ++done, total: files.length, item: basename(file), label: kind });
  const threads = Math.min(concurrency, Math.floor(files.length / MIN_FILES_PER_WORKER));
  if (threads <= 1) {
    return mapConcurrent(
      files,
      1,
      async (file) => {
        const result = (await runRequest({ kind, file, options })) as T;
        report(file);
        return result;
      },
      hooks.signal,
    );
  }
  const pool = new WorkerPool<MeasureRequest, unknown>(
    new URL("./measure-worker.js", import.meta.url),
    threads,
  );
  try {
    return await mapConcurrent(
      files,
      threads,
      async (file) => {
        const reply = await pool.run({ kind, file, options });
        if ("error" in reply) throw new Error(`${file}: ${String(reply.error)}`);
        report(file);
        return reply.result as T;
      },
      hooks.signal,
    );
  } finally {
    await pool.close();
  }
}
