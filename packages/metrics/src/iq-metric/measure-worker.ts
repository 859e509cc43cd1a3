import { parentPort } from "node:worker_threads";
import { type MeasureRequest, runRequest } from "./worker-pool.js";

/** Worker-thread entry: measures each posted image and posts `{ id, result }` or `{ id, error }` back. */
parentPort?.on("message", (request: MeasureRequest & { id: number }) => {
  runRequest(request).then(
    (result) => parentPort?.postMessage({ id: request.id, result }),
    (error: unknown) =>
      parentPort?.postMessage({
        id: request.id,
        error: error instanceof Error ? error.message : String(error),
      }),
  );
});
