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

/**
 * A run folder's stamp: a digest of the identity, size and change time of `meta.yaml`, the key
 * folders and the tag files, and of the size of every metric file.
 */
export interface RunStamp {
  /** The digest. */
  readonly digest: string;
  /** The newest change time (ctime, ms) among those files and folders. */
  readonly newestChange: number;
}

/** The kinds of key folder, in the order a stamp covers them. */
const stampedKinds = ["tags", "params", "metrics"] as const;

/**
 * Builds a run folder's stamp in a fixed order: `meta.yaml`, then for each of `tags/`, `params/`
 * and `metrics/` the folder, its name and, except for params, every key's name and file. Files and
 * folders are stamped by their `stat`, except metric files, stamped by their size alone: MLflow
 * only ever appends to them (and iqf, besides, only cuts off a torn last line before appending),
 * so a metric file of the same size is the same file, and a reader that has just read one knows
 * its size without asking (see {@link RunStampBuilder.addMetricSize}). {@link stampRun} feeds it
 * `stat` calls; a reader can feed it the `fstat` of each file it opens instead (the same identity,
 * size and change time). A missing file spoils the stamp. The stamp text is hashed once, at the end.
 */
export class RunStampBuilder {
  private text = "";
  private newestChange = 0;
  private spoilt = false;

  /** Adds the `stat` of the next file or folder; `undefined` (missing) spoils the stamp. */
  addStats(info: Stats | undefined): void {
    if (info === undefined) {
      this.spoilt = true;
      return;
    }
    this.text += `${info.ino}:${info.size}:${info.ctimeMs}|`;
    if (info.ctimeMs > this.newestChange) this.newestChange = info.ctimeMs;
  }

  /**
   * Adds the size of the next metric file; `undefined` (missing) spoils the stamp. A reader passes
   * the bytes it read and whether they end a line: a file ending in a torn line (being written,
   * or left by a writer killed mid-write) spoils the stamp, since cutting that line off and then
   * appending can bring the file back to the same size with other content.
   */
  addMetricSize(size: number | undefined, complete = true): void {
    if (size === undefined || !complete) {
      this.spoilt = true;
      return;
    }
    this.text += `${size}|`;
  }

  /** Adds a key folder (after its `stat`) or a key name (before its file's stamp). */
  addName(name: string): void {
    this.text += `${name}\n`;
  }

  /** The stamp; `undefined` when a file was missing. */
  finish(): RunStamp | undefined {
    if (this.spoilt) return undefined;
    return { digest: createHash("sha1").update(this.text).digest("base64"), newestChange: this.newestChange };
  }
}

/**
 * Stamps a run folder from `stat` alone: `meta.yaml`, the `tags/`, `params/` and `metrics/`
 * folders (whose change time moves when a key file is added, removed or replaced by a rename),
 * every tag file named in `keys` (whose size or change time moves when it is rewritten) and the
 * size of every metric file named in `keys` (which grows when it is appended to). Param files
 * are not stamped one by one: MLflow writes a param once and refuses to change it, so only adding
 * or removing one changes them, and that moves the `params/` folder's change time. Two equal
 * stamps taken at different times mean that nothing the run is read from changed in between,
 * unless a file other than a metric file was rewritten in place with the same size within one
 * tick of the file system's clock — see {@link isSettled} — or a metric file was rewritten rather
 * than appended to, which neither MLflow nor iqf does. `undefined` when a file is missing.
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
      if (kind === "tags") {
        if (!add(`${folder}/${key}`)) return undefined;
        continue;
      }
      const size = statSync(`${folder}/${key}`, { throwIfNoEntry: false })?.size;
      if (size === undefined) return undefined;
      stamp.addMetricSize(size);
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
