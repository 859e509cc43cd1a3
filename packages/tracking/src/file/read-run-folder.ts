import { join } from "node:path";
import type { Run, RunStatus } from "../types.js";
import type { FolderReader } from "./folder-reader.js";
import {
  isSettled,
  keysOfRun,
  listRunKeys,
  type RunKeys,
  RunStampBuilder,
  sameKeys,
  stampRun,
} from "./run-stamp.js";

/** A cached run's stamp and the key files it covers. */
export interface KnownStamp {
  /** Stamp digest recorded with the cached run. */
  readonly stamp: string;
  /** The cached run's key files. */
  readonly keys: RunKeys;
}

/** What {@link readRunFolder} found (errors are thrown). */
export interface FolderOutcome {
  /** The run, when read (absent for a cache hit or a folder without `meta.yaml`). */
  readonly run?: Run;
  /** The stamp under which the run read may be cached. */
  readonly stamp?: string;
  /** Set when `known` still matches the folder: the cached run is current. */
  readonly cached?: true;
}

const terminated: ReadonlySet<RunStatus> = new Set(["FINISHED", "FAILED", "KILLED"]);

/**
 * Reads one run folder, or confirms with `stat` calls alone that a cached copy is current. A
 * terminated run read in full is stamped as it is read, each file from the `fstat` of the
 * descriptor it is then read through (a metric file from the number of bytes read), so a change
 * made while it is being read makes the stamp stale rather than the cache wrong (and one made
 * after the folder was listed makes it unsettled).
 * @param reader - the reader.
 * @param experimentDir - the experiment folder.
 * @param folder - the run folder name.
 * @param known - the stamp of the cached copy, if any.
 */
export function readRunFolder(
  reader: FolderReader,
  experimentDir: string,
  folder: string,
  known: KnownStamp | undefined,
): FolderOutcome {
  const runDir = join(experimentDir, folder);
  if (known !== undefined && stampRun(runDir, known.keys)?.digest === known.stamp) return { cached: true };
  const stampedAt = Date.now();
  const keys = listRunKeys(runDir);
  const stamp = keys === undefined ? undefined : new RunStampBuilder();
  const run = reader.readRun(runDir, keys, stamp);
  if (run === undefined) return {};
  const before = stamp?.finish();
  const cacheable =
    keys !== undefined &&
    before !== undefined &&
    isSettled(before, stampedAt) &&
    terminated.has(run.info.status) &&
    sameKeys(keys, keysOfRun(run));
  return cacheable ? { run, stamp: before.digest } : { run };
}
