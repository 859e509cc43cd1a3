import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

/**
 * A unique name for a temporary file or folder: hidden (a dot name), so that folder listings of
 * iqf and MLflow skip it, and tagged with the process id.
 */
export function temporaryName(): string {
  return `.iqf-tmp-${process.pid}-${randomBytes(6).toString("hex")}`;
}

/** Options of {@link writeFileAtomic}. */
export interface WriteFileAtomicOptions {
  /**
   * Folder for the temporary file (default: the target's folder). It must be on the same file
   * system; give another one when readers list the target's folder (e.g. MLflow's `tags/`).
   */
  readonly temporaryDir?: string;
}

/**
 * Writes `content` to `path` atomically: it goes to a hidden temporary file first, which is then
 * renamed over `path`, so readers never see a partial file. Creates the parent folders; removes
 * the temporary file when anything fails.
 * @returns `path`.
 */
export async function writeFileAtomic(
  path: string,
  content: string | Uint8Array,
  options: WriteFileAtomicOptions = {},
): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = join(options.temporaryDir ?? dirname(path), temporaryName());
  try {
    await writeFile(temporary, content);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return path;
}
