import { parentPort } from "node:worker_threads";
import { type SampleArray, serializeError } from "@iqf/core";
import { type RasterJob, type RasterJobResult, runRasterJob } from "./raster-job.js";

/**
 * The samples in a buffer of their own that can be moved to another thread: JavaScript-allocated
 * arrays as they are, views into larger or libvips-owned memory (sharp's output) copied once.
 */
function ownBuffer<T extends SampleArray>(data: T): T {
  const whole = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
  return whole && !(data instanceof Buffer) ? data : (data.slice() as T);
}

/** Runs one job and posts `{ id, result }` or `{ id, error }`; results are copied out of kernel memory. */
async function answer(job: RasterJob & { id: number }): Promise<void> {
  try {
    const result = await runRasterJob(job);
    const owned: RasterJobResult =
      "encoded" in result
        ? { encoded: ownBuffer(result.encoded) }
        : { raster: { ...result.raster, data: ownBuffer(result.raster.data) } };
    const data = "encoded" in owned ? owned.encoded : owned.raster.data;
    parentPort?.postMessage({ id: job.id, result: owned }, [data.buffer as ArrayBuffer]);
  } catch (error) {
    parentPort?.postMessage({ id: job.id, error: serializeError(error) });
  }
}

let queue: Promise<void> = Promise.resolve();

/**
 * Worker-thread entry: answers the posted raster jobs one at a time, so a kernel's result (a view
 * into the thread's WebAssembly memory) is encoded before the next kernel runs.
 */
parentPort?.on("message", (job: RasterJob & { id: number }) => {
  queue = queue.then(() => answer(job));
});
