import { existsSync } from "node:fs";
import { appendFile, mkdir, open, readFile, truncate } from "node:fs/promises";
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
      await repairTornLine(path);
      this.checked.add(path);
    }
    await appendFile(path, formatMetricLines(values));
  }
}

/** Cuts an unterminated last line off a metric file; creates the file's folder when it is missing. */
async function repairTornLine(path: string): Promise<void> {
  let handle: import("node:fs/promises").FileHandle;
  try {
    handle = await open(path, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    if (!existsSync(dirname(path))) await mkdir(dirname(path), { recursive: true });
    return;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return;
    const tail = Buffer.alloc(Math.min(size, tailBytes));
    await handle.read(tail, 0, tail.length, size - tail.length);
    if (tail[tail.length - 1] === 0x0a) return;
    const keep = completeLength(tail, tail.length);
    if (keep > 0 || size <= tail.length) {
      await truncate(path, size - tail.length + keep);
      return;
    }
    const whole = await readFile(path);
    await truncate(path, completeLength(whole, whole.length));
  } finally {
    await handle.close();
  }
}
