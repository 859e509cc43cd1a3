import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create as createTar } from "tar";
import type { FolderManifest } from "./manifest.js";

/**
 * Writes `sourcedir.tar.gz` of a code folder (the files of its manifest, sorted, with fixed
 * times and owners, so equal code gives an equal archive) into a fresh temporary folder and
 * hands its path to `use`; the temporary folder is removed afterwards.
 */
export async function withSourceArchive<T>(
  sourceDir: string,
  manifest: FolderManifest,
  use: (archivePath: string) => Promise<T>,
): Promise<T> {
  const folder = await mkdtemp(join(tmpdir(), "iqf-sourcedir-"));
  try {
    const archivePath = join(folder, "sourcedir.tar.gz");
    await createTar(
      {
        gzip: true,
        file: archivePath,
        cwd: sourceDir,
        portable: true,
        mtime: new Date(0),
        noDirRecurse: true,
      },
      manifest.files.map((file) => file.path),
    );
    return await use(archivePath);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
