import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { lstat, readdir } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { mapConcurrent } from "@iqf/core";

/** One file of a folder manifest. */
export interface ManifestEntry {
  /** Path relative to the folder, with `/` separators. */
  readonly path: string;
  /** Size in bytes. */
  readonly size: number;
  /** SHA-256 of the content, hex. */
  readonly sha256: string;
}

/** The content of a folder: every regular file with its size and hash, sorted by path. */
export interface FolderManifest {
  /** The files. */
  readonly files: readonly ManifestEntry[];
  /** Total bytes. */
  readonly bytes: number;
  /** SHA-256 (hex) of the canonical JSON of `files`: equal manifests, equal content. */
  readonly hash: string;
}

async function listFiles(root: string, folder: string, out: string[]): Promise<void> {
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    // Symbolic links, FIFOs and sockets are not data: only real files and folders are followed.
    if (entry.isDirectory()) await listFiles(root, path, out);
    else if (entry.isFile()) out.push(relative(root, path).split(sep).join("/"));
  }
}

function hashFile(path: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const hash = createHash("sha256");
    createReadStream(path)
      .on("data", (chunk) => hash.update(chunk))
      .on("error", reject)
      .on("end", () => resolvePromise(hash.digest("hex")));
  });
}

/** Lists and hashes every regular file under `root` (four files at a time). */
export async function folderManifest(root: string): Promise<FolderManifest> {
  const paths: string[] = [];
  await listFiles(root, root, paths);
  paths.sort();
  const files = await mapConcurrent(paths, 4, async (path) => {
    const full = join(root, ...path.split("/"));
    const [info, sha256] = await Promise.all([lstat(full), hashFile(full)]);
    return { path, size: info.size, sha256 };
  });
  const hash = createHash("sha256").update(JSON.stringify(files)).digest("hex");
  return { files, bytes: files.reduce((total, file) => total + file.size, 0), hash };
}
