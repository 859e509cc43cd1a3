import { readdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { DatasetNotFound, formatFromExtension } from "@iqf/core";
import { listFolderFiles } from "@iqf/datasets";

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
 * `<dataset>/*\/*.<ext>` glob expects). Images in sub-folders of the image folder are measured too,
 * as every command counts them. Files are sorted by path so results are reproducible.
 *
 * @throws DatasetNotFound when the target does not exist or holds no image.
 */
export async function resolveImageFiles(target: string): Promise<ResolvedImages> {
  const path = resolve(target);
  const info = await stat(path).catch(() => undefined);
  if (!info)
    throw new DatasetNotFound(path, "no such file or folder; pass an image, an image folder or a dataset");
  if (info.isFile()) return { files: [path], skipped: [] };
  if (await holdsImages(path)) return scanFolder(path);
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

/** The images under a folder, sub-folders included (the one listing rule of `@iqf/datasets`). */
async function scanFolder(folder: string): Promise<ResolvedImages> {
  const { images, others } = await listFolderFiles(folder);
  return {
    files: images.map((file) => join(folder, file)),
    skipped: others.map((file) => ({
      file: join(folder, file),
      reason: "not an image file (unknown extension)",
    })),
  };
}

/** Whether a folder holds image files itself (not only in sub-folders). */
async function holdsImages(folder: string): Promise<boolean> {
  const entries = await readdir(folder, { withFileTypes: true });
  return entries.some(
    (entry) => entry.isFile() && !entry.name.startsWith(".") && hasImageExtension(entry.name),
  );
}
