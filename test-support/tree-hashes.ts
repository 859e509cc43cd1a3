import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * sha256 of every file under a folder, keyed by its path relative to the folder: two calls
 * around an operation show whether it changed, added or removed any file (tests use it to prove
 * that inputs are never modified).
 */
export async function treeHashes(folder: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[path.slice(folder.length)] = createHash("sha256")
      .update(await readFile(path))
      .digest("hex");
  }
  return out;
}
