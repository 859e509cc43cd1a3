import { randomUUID } from "node:crypto";
import { mkdir, readdir, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { isProcessAlive } from "@iqf/core";

const TEMP_MARK = ".iqf-tmp-";
const OLD_MARK = ".iqf-old-";

/** Hidden sibling name for a temporary or replaced copy of `output`, tagged with this process id. */
function siblingName(output: string, mark: string): string {
  return join(dirname(output), `.${basename(output)}${mark}${process.pid}-${randomUUID().slice(0, 8)}`);
}

/**
 * Removes temporary siblings of `output` left by processes that no longer run (a crashed or killed
 * build), so they are never reused and do not pile up.
 */
export async function removeStaleTemporaries(output: string): Promise<void> {
  const prefix = `.${basename(output)}`;
  const parent = dirname(output);
  for (const name of await readdir(parent)) {
    if (!name.startsWith(prefix)) continue;
    const rest = name.slice(prefix.length);
    const mark = rest.startsWith(TEMP_MARK) ? TEMP_MARK : rest.startsWith(OLD_MARK) ? OLD_MARK : undefined;
    if (!mark) continue;
    const pid = Number.parseInt(rest.slice(mark.length), 10);
    if (Number.isInteger(pid) && pid !== process.pid && !isProcessAlive(pid))
      await rm(join(parent, name), { recursive: true, force: true });
  }
}

/** Creates an empty hidden temporary sibling folder in which `output` is built. */
export async function createTemporaryOutput(output: string): Promise<string> {
  const temporary = siblingName(output, TEMP_MARK);
  await mkdir(temporary);
  return temporary;
}

/**
 * Moves a finished temporary folder to `output`. An existing `output` (stale or incomplete) is
 * first renamed aside and deleted after the swap, so `output` never holds a mix of old and new.
 */
export async function commitOutput(temporary: string, output: string): Promise<void> {
  try {
    await rename(temporary, output);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOTEMPTY" && code !== "EEXIST" && code !== "EISDIR" && code !== "ENOTDIR") throw error;
  }
  const aside = siblingName(output, OLD_MARK);
  await rename(output, aside);
  await rename(temporary, output);
  await rm(aside, { recursive: true, force: true });
}
