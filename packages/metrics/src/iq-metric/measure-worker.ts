import { parentPort } from "node:worker_threads";
import { serializeError } from "@iqf/core";
import { type MeasureRequest, runMeasurement } from "./measurements.js";

/** Worker-thread entry: measures each posted image and posts `{ id, result }` or `{ id, error }` back. */
parentPort?.on("message", (request: MeasureRequest & { id: number }) => {
  runMeasurement(request).then(
    (result) => parentPort?.postMessage({ id: request.id, result }),
    (error: unknown) => parentPort?.postMessage({ id: request.id, error: serializeError(error) }),
  );
});
