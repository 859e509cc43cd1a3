import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { currentIdentity, isIdentityGone, type ProcessIdentity } from "@iqf/core";

const prefix = "iqf-runs-";
/** File in a work folder naming the process that uses it. */
const ownerFile = ".iqf-owner.json";

async function ownerOf(folder: string): Promise<ProcessIdentity | undefined> {
  try {
    const owner = JSON.parse(await readFile(join(folder, ownerFile), "utf8")) as ProcessIdentity;
    return typeof owner?.host === "string" && typeof owner.pid === "number" ? owner : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Removes `iqf-runs-*` work folders under `parent` left by `iqf run` processes that were killed
 * (their owner file names a process of this host that is gone). Folders without an owner file
 * (kept outputs, or not made by iqf) are never touched.
 * @returns the folders removed.
 */
export async function removeStaleWorkDirs(parent: string): Promise<string[]> {
  const names = await readdir(parent).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const folder = join(parent, name);
    const owner = await ownerOf(folder);
    if (owner === undefined || !isIdentityGone(owner)) continue;
    await rm(folder, { recursive: true, force: true });
    removed.push(folder);
  }
  return removed;
}

/** Creates a fresh `iqf-runs-*` work folder under `parent`, owned by this process. */
export async function createWorkDir(parent: string): Promise<string> {
  await removeStaleWorkDirs(parent);
  const folder = await mkdtemp(join(parent, prefix));
  await writeFile(join(folder, ownerFile), `${JSON.stringify(currentIdentity())}\n`);
  return folder;
}

/**
 * Ends this process's use of a work folder: removes it, or with `keep` only its owner file, so
 * that the kept run outputs are never taken for a stale folder.
 */
export async function releaseWorkDir(folder: string, keep: boolean): Promise<void> {
  if (keep) await rm(join(folder, ownerFile), { force: true });
  else await rm(folder, { recursive: true, force: true });
}
