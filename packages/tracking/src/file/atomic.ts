import { link, mkdir, unlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { temporaryName } from "@iqf/core";

/**
 * Creates `path` with `content` only if it does not exist yet, atomically (write a temporary file,
 * then hard-link it into place, which fails when the name is taken). Resolves to `true` when
 * created, `false` when a file was already there.
 * @param path - final path.
 * @param content - file content.
 * @param temporaryDir - folder for the temporary file (same file system).
 */
export async function createFileExclusive(
  path: string,
  content: string,
  temporaryDir: string,
): Promise<boolean> {
  const temporary = join(temporaryDir, temporaryName());
  await writeFile(temporary, content);
  try {
    await retryInNewFolder(path, () => link(temporary, path));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

/** Runs `action`; when it fails because the parent folder of `path` is missing, creates it and runs it again. */
async function retryInNewFolder(path: string, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    await mkdir(dirname(path), { recursive: true });
    await action();
  }
}
