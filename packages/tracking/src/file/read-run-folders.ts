import { availableParallelism } from "node:os";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { Worker } from "node:worker_threads";
import { IqfError } from "@iqf/core";
import type { FolderReader } from "./folder-reader.js";
import { type KnownStamp, readRunFolder } from "./read-run-folder.js";
import { deserialiseResult, type RunReadResult, type SerialRunResult } from "./run-read-result.js";
import { keysOfRun } from "./run-stamp.js";
import type { RunSummary } from "./summary-cache.js";

/** Below this many runs, starting worker threads costs more than it saves. */
const parallelThreshold = 200;
const maxWorkers = 4;
const yieldEvery = 32;

/**
 * Reads the run folders of one experiment. A run with a summary in `summaries` whose folder stamp
 * still matches is taken from there (`cached`) after a few `stat` calls instead of being read.
 * Large experiments are split between worker threads (one per core, up to 4, the calling thread
 * taking a share too) so that the many small file reads proceed in parallel; small ones are read
 * on the calling thread, yielding to the event loop now and then. Results keep the order of
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
  const known = (folder: string): KnownStamp | undefined => {
    const summary = summaries.get(folder);
    return summary === undefined ? undefined : { stamp: summary.stamp, keys: keysOfRun(summary.run) };
  };
  const withCachedRuns = (results: readonly RunReadResult[]): RunReadResult[] =>
    results.map((result) => (result.cached ? { ...result, run: summaries.get(result.folder)!.run } : result));
  const threads = Math.min(availableParallelism(), maxWorkers);
  if (folders.length < parallelThreshold || threads < 2)
    return withCachedRuns(await readHere(experimentDir, folders, reader, known));
  const share = Math.ceil(folders.length / threads);
  const slices = Array.from({ length: threads }, (_, index) =>
    folders.slice(index * share, (index + 1) * share),
  );
  const [own, ...others] = slices;
  const fromWorkers = others.map((slice) =>
    readInWorker(
      experimentDir,
      slice.map((folder) => [folder, known(folder)] as const),
    ),
  );
  const mine = await readHere(experimentDir, own!, reader, known);
  const theirs = await Promise.all(fromWorkers);
  return withCachedRuns([...mine, ...theirs.flat()]);
}

async function readHere(
  experimentDir: string,
  folders: readonly string[],
  reader: FolderReader,
  known: (folder: string) => KnownStamp | undefined,
): Promise<RunReadResult[]> {
  const results: RunReadResult[] = [];
  for (let index = 0; index < folders.length; index++) {
    if (index % yieldEvery === yieldEvery - 1) await yieldToEventLoop();
    const folder = folders[index]!;
    try {
      results.push({ folder, ...readRunFolder(reader, experimentDir, folder, known(folder)) });
    } catch (error) {
      if (!(error instanceof IqfError)) throw error;
      results.push({ folder, error });
    }
  }
  return results;
}

function readInWorker(
  experimentDir: string,
  folders: readonly (readonly [string, KnownStamp | undefined])[],
): Promise<RunReadResult[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./run-reader-worker.js", import.meta.url), {
      workerData: { experimentDir, folders },
    });
    worker.once("message", (results: SerialRunResult[]) => {
      try {
        resolve(results.map(deserialiseResult));
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
