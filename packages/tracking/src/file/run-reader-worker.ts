import { parentPort, workerData } from "node:worker_threads";
import { serializeError } from "@iqf/core";
import { FolderReader } from "./folder-reader.js";
import { type KnownStamp, readRunFolder } from "./read-run-folder.js";
import type { SerialRunResult } from "./run-read-result.js";

/** Worker side of {@link readRunFolders}: reads the run folders it is given and posts the results back. */
const { experimentDir, folders } = workerData as {
  experimentDir: string;
  folders: [string, KnownStamp | undefined][];
};
const reader = new FolderReader();
const results: SerialRunResult[] = folders.map(([folder, known]) => {
  try {
    return { folder, ...readRunFolder(reader, experimentDir, folder, known) };
  } catch (error) {
    return { folder, error: serializeError(error) };
  }
});
parentPort?.postMessage(results);
