import {
  closeSync,
  existsSync,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
} from "node:fs";
import { appendFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { MetricRecord } from "../types.js";
import { completeLength, formatMetricLines } from "./metric-file.js";

const tailBytes = 4096;

/**
 * Appends metric lines to `metrics/<key>` files, each call with one write. The first time it
 * touches a file, a torn last line (left by a writer killed mid-write) is cut off so that new
 * lines start on a line of their own. One instance per store (it remembers the files it checked).
 */
export class MetricAppender {
  private readonly checked = new Set<string>();

  /** Appends the values (of one key) to the metric file at `path`. */
  async append(path: string, values: readonly MetricRecord[]): Promise<void> {
    if (!this.checked.has(path)) {
      repairTornLine(path);
      this.checked.add(path);
    }
    await appendFile(path, formatMetricLines(values));
  }
}

/**
 * Cuts an unterminated last line off a metric file; creates the file's folder when it is missing.
 * Synchronous on purpose: it is a handful of tiny system calls (usually one failing `open` of a new
 * file), far cheaper than as many thread-pool round trips.
 */
function repairTornLine(path: string): void {
  let descriptor: number;
  try {
    descriptor = openSync(path, "r+");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    if (!existsSync(dirname(path))) mkdirSync(dirname(path), { recursive: true });
    return;
  }
  try {
    const { size } = fstatSync(descriptor);
    if (size === 0) return;
    const tail = Buffer.alloc(Math.min(size, tailBytes));
    readSync(descriptor, tail, 0, tail.length, size - tail.length);
    if (tail[tail.length - 1] === 0x0a) return;
    const keep = completeLength(tail, tail.length);
    if (keep > 0 || size <= tail.length) {
      ftruncateSync(descriptor, size - tail.length + keep);
      return;
    }
    const whole = readFileSync(descriptor);
    ftruncateSync(descriptor, completeLength(whole, whole.length));
  } finally {
    closeSync(descriptor);
  }
}
