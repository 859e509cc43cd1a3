import { createHash } from "node:crypto";
import { readdirSync, type Stats, statSync } from "node:fs";
import { join } from "node:path";
import type { Run } from "../types.js";

/** The key files of a run folder: names in `tags/`, `params/` and `metrics/`. */
export interface RunKeys {
  /** Tag keys. */
  readonly tags: readonly string[];
  /** Param keys. */
  readonly params: readonly string[];
  /** Metric keys. */
  readonly metrics: readonly string[];
}

/** A run folder's stamp: a digest of the identity, size and change time of every file it is read from. */
export interface RunStamp {
  /** The digest. */
  readonly digest: string;
  /** The newest change time (ctime, ms) among those files and folders. */
  readonly newestChange: number;
}

/** The kinds of key folder, in the order a stamp covers them. */
const stampedKinds = ["tags", "params", "metrics"] as const;

/**
 * Builds a run folder's stamp from the `stat` of each file and folder in a fixed order: `meta.yaml`,
 * then for each of `tags/`, `params/` and `metrics/` the folder, its name and, except for params,
 * every key's name and file. {@link stampRun} feeds it `stat` calls; a reader can feed it the `fstat` of each
 * file it opens instead (the same identity, size and change time), so that stamping a folder while
 * reading it costs no extra path lookups. A file found missing spoils the stamp.
 */
export class RunStampBuilder {
  private readonly hash = createHash("sha1");
  private newestChange = 0;
  private spoilt = false;

  /** Adds the `stat` of the next file or folder; `undefined` (missing) spoils the stamp. */
  addStats(info: Stats | undefined): void {
    if (info === undefined) {
      this.spoilt = true;
      return;
    }
    this.hash.update(`${info.ino}:${info.size}:${info.ctimeMs}|`);
    if (info.ctimeMs > this.newestChange) this.newestChange = info.ctimeMs;
  }

  /** Adds a key folder (after its `stat`) or a key name (before its file's `stat`). */
  addName(name: string): void {
    this.hash.update(`${name}\n`);
  }

  /** The stamp; `undefined` when a file was missing. */
  finish(): RunStamp | undefined {
    return this.spoilt ? undefined : { digest: this.hash.digest("base64"), newestChange: this.newestChange };
  }
}

/**
 * Stamps a run folder from `stat` alone: `meta.yaml`, the `tags/`, `params/` and `metrics/`
 * folders (whose change time moves when a key file is added, removed or replaced by a rename)
 * and every tag and metric file named in `keys` (whose size or change time moves when it is
 * appended to or rewritten in place). Param files are not stamped one by one: MLflow writes a
 * param once and refuses to change it, so only adding or removing one changes them, and that
 * moves the `params/` folder's change time. Two equal stamps taken at different times mean that nothing the run is
 * read from changed in between, unless a file was rewritten in place with the same size within
 * one tick of the file system's clock — see {@link isSettled}. `undefined` when a file is missing.
 * @param runDir - the run folder.
 * @param keys - the key files to include.
 */
export function stampRun(runDir: string, keys: RunKeys): RunStamp | undefined {
  const stamp = new RunStampBuilder();
  const add = (path: string): boolean => {
    const info = statSync(path, { throwIfNoEntry: false });
    stamp.addStats(info);
    return info !== undefined;
  };
  if (!add(`${runDir}/meta.yaml`)) return undefined;
  for (const kind of stampedKinds) {
    const folder = `${runDir}/${kind}`;
    if (!add(folder)) return undefined;
    stamp.addName(kind);
    if (kind === "params") continue; // write-once: only adding or removing one can change them
    for (const key of keys[kind]) {
      stamp.addName(key);
      if (!add(`${folder}/${key}`)) return undefined;
    }
  }
  return stamp.finish();
}

/**
 * Whether a stamp taken at `stampedAt` (ms, `Date.now()`) can be trusted for good: every file
 * had last changed at least a second before, so any later change, even one of the same size,
 * gets a newer change time than the stamp recorded.
 * @param stamp - the stamp.
 * @param stampedAt - when it was taken.
 */
export function isSettled(stamp: RunStamp, stampedAt: number): boolean {
  return stamp.newestChange < stampedAt - 1000;
}

/**
 * The key files of a run folder as listed on disk, or `undefined` when a key is nested
 * (`a/b`, stored in a sub-folder: those runs are not stamped) or a folder is missing.
 * @param runDir - the run folder.
 */
export function listRunKeys(runDir: string): RunKeys | undefined {
  const listed: Partial<Record<(typeof stampedKinds)[number], string[]>> = {};
  for (const kind of stampedKinds) {
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(join(runDir, kind), { withFileTypes: true });
    } catch {
      return undefined;
    }
    if (entries.some((entry) => !entry.isFile())) return undefined;
    listed[kind] = entries.map((entry) => entry.name).sort();
  }
  return listed as RunKeys;
}

/** The key files a run was read from, sorted as {@link listRunKeys} lists them. */
export function keysOfRun(run: Run): RunKeys {
  return {
    tags: Object.keys(run.data.tags).sort(),
    params: Object.keys(run.data.params).sort(),
    metrics: Object.keys(run.data.metrics).sort(),
  };
}

/** Whether two key lists are the same. */
export function sameKeys(a: RunKeys, b: RunKeys): boolean {
  return stampedKinds.every(
    (kind) => a[kind].length === b[kind].length && a[kind].every((key, i) => key === b[kind][i]),
  );
}
