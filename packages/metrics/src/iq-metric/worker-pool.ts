import { basename } from "node:path";
import { Worker } from "node:worker_threads";
import type { ProgressCallback } from "@iqf/core";
import { mapConcurrent } from "@iqf/core";

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

/** One worker thread that answers requests one at a time. */
class MeasureWorker {
  private readonly worker = new Worker(new URL("./measure-worker.js", import.meta.url));

  run(request: MeasureRequest): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const onMessage = (message: unknown): void => {
        this.worker.off("error", onError);
        resolve(message);
      };
      const onError = (error: Error): void => {
        this.worker.off("message", onMessage);
        reject(error);
      };
      this.worker.once("message", onMessage);
      this.worker.once("error", onError);
      this.worker.postMessage(request);
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

/**
 * Measures files with up to `concurrency` worker threads (one image per thread at a time, so
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
  const workers = Array.from({ length: threads }, () => new MeasureWorker());
  const idle = [...workers];
  try {
    return await mapConcurrent(
      files,
      threads,
      async (file) => {
        const worker = idle.pop()!;
        try {
          const result = (await worker.run({ kind, file, options })) as T;
          report(file);
          return result;
        } finally {
          idle.push(worker);
        }
      },
      hooks.signal,
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
