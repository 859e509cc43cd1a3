import { join } from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { serializeError } from "@iqf/core";
import { FolderReader } from "./folder-reader.js";
import type { SerialRunResult } from "./run-read-result.js";

/** Worker side of {@link readRunFolders}: reads the run folders it is given and posts the results back. */
const { experimentDir, folders } = workerData as { experimentDir: string; folders: string[] };
const reader = new FolderReader();
const results: SerialRunResult[] = folders.map((folder) => {
  try {
    const run = reader.readRun(join(experimentDir, folder));
    return run === undefined ? { folder } : { folder, run };
  } catch (error) {
    return { folder, error: serializeError(error) };
  }
});
parentPort?.postMessage(results);
