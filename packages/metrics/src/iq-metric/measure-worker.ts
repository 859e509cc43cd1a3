import { parentPort } from "node:worker_threads";
import { type MeasureRequest, runRequest } from "./worker-pool.js";

/** Worker-thread entry: measures each posted image and posts the result back. */
parentPort?.on("message", (request: MeasureRequest) => {
  void runRequest(request).then((result) => parentPort?.postMessage(result));
});
