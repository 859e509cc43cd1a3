import { parentPort, workerData } from "node:worker_threads";
import { serializeError } from "@iqf/core";
import { FolderReader } from "./folder-reader.js";
import { type KnownStamp, readRunFolder } from "./read-run-folder.js";
import { RunFolderQueue } from "./run-folder-queue.js";
import type { SerialRunResult } from "./run-read-result.js";

/**
 * Worker side of {@link readRunFolders}: takes chunks of run folders from the shared queue until it
 * is empty, then posts back what it read, each result with its index.
 */
const { experimentDir, folders, known, queue, chunkSize } = workerData as {
  experimentDir: string;
  folders: string[];
  known: (KnownStamp | undefined)[];
  queue: SharedArrayBuffer;
  chunkSize: number;
};
const reader = new FolderReader();
const shared = new RunFolderQueue(queue, folders.length, chunkSize);
const results: [number, SerialRunResult][] = [];
for (let chunk = shared.take(); chunk !== undefined; chunk = shared.take()) {
  for (let index = chunk.start; index < chunk.end; index++) {
    const folder = folders[index]!;
    try {
      results.push([index, { folder, ...readRunFolder(reader, experimentDir, folder, known[index]) }]);
    } catch (error) {
      results.push([index, { folder, error: serializeError(error) }]);
    }
  }
}
parentPort?.postMessage(results);
