import { parentPort } from "node:worker_threads";
import type { SampleArray } from "@iqf/core";
import { describeJobError, type RasterJob, type RasterJobResult, runRasterJob } from "./raster-job.js";

/**
 * The samples in a buffer of their own that can be moved to another thread: JavaScript-allocated
 * arrays as they are, views into larger or libvips-owned memory (sharp's output) copied once.
 */
function ownBuffer<T extends SampleArray>(data: T): T {
  const whole = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
  return whole && !(data instanceof Buffer) ? data : (data.slice() as T);
}

/** Worker-thread entry: runs each posted raster job and posts `{ id, result }` or `{ id, error }`. */
parentPort?.on("message", (job: RasterJob & { id: number }) => {
  runRasterJob(job).then(
    (result: RasterJobResult) => {
      const owned: RasterJobResult =
        "encoded" in result
          ? { encoded: ownBuffer(result.encoded) }
          : { raster: { ...result.raster, data: ownBuffer(result.raster.data) } };
      const data = "encoded" in owned ? owned.encoded : owned.raster.data;
      parentPort?.postMessage({ id: job.id, result: owned }, [data.buffer as ArrayBuffer]);
    },
    (error: unknown) => parentPort?.postMessage({ id: job.id, error: describeJobError(error) }),
  );
});
