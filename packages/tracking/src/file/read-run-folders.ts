import { availableParallelism } from "node:os";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { Worker } from "node:worker_threads";
import { IqfError } from "@iqf/core";
import type { FolderReader } from "./folder-reader.js";
import { type KnownStamp, readRunFolder } from "./read-run-folder.js";
import { RunFolderQueue } from "./run-folder-queue.js";
import { deserialiseResult, type RunReadResult, type SerialRunResult } from "./run-read-result.js";
import { keysOfRun } from "./run-stamp.js";
import type { RunSummary } from "./summary-cache.js";

/** Below this many runs, starting worker threads costs more than it saves. */
const parallelThreshold = 200;
const maxWorkers = 4;
/** Run folders taken at a time from the shared queue (and read between two yields on the calling thread). */
const chunkSize = 16;

/**
 * Reads the run folders of one experiment. A run with a summary in `summaries` whose folder stamp
 * still matches is taken from there (`cached`) after a few `stat` calls instead of being read.
 * Large experiments are shared between worker threads (one per core, up to 4, the calling thread
 * reading too) so that the many small file reads proceed in parallel: each thread takes the next
 * few folders from a shared counter until none are left, so a thread that starts late or is slowed
 * down reads less instead of holding the others up. Small experiments are read on the calling
 * thread. The calling thread yields to the event loop between chunks. Results keep the order of
 * `folders`.
 * @param experimentDir - the experiment folder.
 * @param folders - names of the run folders to read.
 * @param reader - the calling thread's reader.
 * @param summaries - cached run summaries by folder name.
 */
export async function readRunFolders(
  experimentDir: string,
  folders: readonly string[],
  reader: FolderReader,
  summaries: ReadonlyMap<string, RunSummary> = new Map(),
): Promise<RunReadResult[]> {
  const known = folders.map((folder): KnownStamp | undefined => {
    const summary = summaries.get(folder);
    return summary === undefined ? undefined : { stamp: summary.stamp, keys: keysOfRun(summary.run) };
  });
  const threads = Math.min(availableParallelism(), maxWorkers);
  const workers = folders.length < parallelThreshold || threads < 2 ? 0 : threads - 1;
  const queue = new RunFolderQueue(new SharedArrayBuffer(4), folders.length, chunkSize);
  const results: RunReadResult[] = new Array(folders.length);
  const fromWorkers =
    workers === 0
      ? []
      : Array.from({ length: workers }, () =>
          readInWorker(experimentDir, folders, known, queue.shared, results),
        );
  for (let chunk = queue.take(); chunk !== undefined; chunk = queue.take()) {
    for (let index = chunk.start; index < chunk.end; index++)
      results[index] = readOne(reader, experimentDir, folders[index]!, known[index]);
    await yieldToEventLoop();
  }
  await Promise.all(fromWorkers);
  return results.map((result) =>
    result.cached ? { ...result, run: summaries.get(result.folder)!.run } : result,
  );
}

/** Reads one run folder, turning a malformed folder's {@link IqfError} into its result. */
function readOne(
  reader: FolderReader,
  experimentDir: string,
  folder: string,
  known: KnownStamp | undefined,
): RunReadResult {
  try {
    return { folder, ...readRunFolder(reader, experimentDir, folder, known) };
  } catch (error) {
    if (!(error instanceof IqfError)) throw error;
    return { folder, error };
  }
}

/** Runs a worker on the shared queue; fills in `results` at the indexes it read. */
function readInWorker(
  experimentDir: string,
  folders: readonly string[],
  known: readonly (KnownStamp | undefined)[],
  queue: SharedArrayBuffer,
  results: RunReadResult[],
): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./run-reader-worker.js", import.meta.url), {
      workerData: { experimentDir, folders, known, queue, chunkSize },
    });
    worker.once("message", (read: [number, SerialRunResult][]) => {
      try {
        for (const [index, result] of read) results[index] = deserialiseResult(result);
        resolve();
      } catch (error) {
        reject(error);
      }
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (code !== 0) reject(new Error(`The run reader thread stopped with exit code ${code}`));
    });
  });
}
