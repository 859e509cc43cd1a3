import { readdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { DatasetNotFound, formatFromExtension } from "@iqf/core";

/** A file that was found but not measured, with the reason. */
export interface SkippedFile {
  /** Absolute path of the file. */
  readonly file: string;
  /** Why it was skipped. */
  readonly reason: string;
}

/** The images to measure under a target, sorted by path, and the files left out. */
export interface ResolvedImages {
  /** Absolute paths of the image files, sorted. */
  readonly files: string[];
  /** Non-image files found in the image folder. */
  readonly skipped: SkippedFile[];
}

/** True when the file name has an image extension. */
export function hasImageExtension(file: string): boolean {
  return formatFromExtension(file) !== undefined;
}

/**
 * Finds the images to measure. `target` is an image file, a folder of images, or a dataset
 * folder (a folder whose images live in a sub-folder, normally `images/`, as iquaflow's
 * `<dataset>/*\/*.<ext>` glob expects). Files are sorted by name so results are reproducible.
 *
 * @throws DatasetNotFound when the target does not exist or holds no image.
 */
export async function resolveImageFiles(target: string): Promise<ResolvedImages> {
  const path = resolve(target);
  const info = await stat(path).catch(() => undefined);
  if (!info)
    throw new DatasetNotFound(path, "no such file or folder; pass an image, an image folder or a dataset");
  if (info.isFile()) return { files: [path], skipped: [] };
  const direct = await scanFolder(path);
  if (direct.files.length > 0) return direct;
  const entries = await readdir(path, { withFileTypes: true });
  const subfolders = entries
    .filter((e) => e.isDirectory() && !e.name.endsWith("_mask"))
    .map((e) => e.name)
    .sort((a, b) => (a === "images" ? -1 : b === "images" ? 1 : a.localeCompare(b)));
  for (const name of subfolders) {
    const inner = await scanFolder(join(path, name));
    if (inner.files.length > 0) return inner;
  }
  throw new DatasetNotFound(path, "no image files (jpg, png, tif…) in it or in its images/ sub-folder");
}

async function scanFolder(folder: string): Promise<ResolvedImages> {
  const entries = await readdir(folder, { withFileTypes: true });
  const files: string[] = [];
  const skipped: SkippedFile[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || entry.name.startsWith(".")) continue;
    const full = join(folder, entry.name);
    if (hasImageExtension(entry.name)) files.push(full);
    else skipped.push({ file: full, reason: "not an image file (unknown extension)" });
  }
  files.sort();
  skipped.sort((a, b) => a.file.localeCompare(b.file));
  return { files, skipped };
}
