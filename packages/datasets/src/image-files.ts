import { readdir } from "node:fs/promises";
import { join, relative } from "node:path";
import { formatFromExtension } from "@iqf/core";

/** Orders strings by UTF-16 code units: the same order on every platform and locale. */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The files under a folder, split into images and the rest; see {@link listFolderFiles}. */
export interface FolderFiles {
  /** Image files, as `/`-separated paths relative to the folder, sorted. */
  readonly images: string[];
  /** Other regular files, the same way. */
  readonly others: string[];
}

/**
 * Lists the regular files under a folder, including sub-folders, as `/`-separated paths relative
 * to it, sorted, and splits them into images (`.jpg`, `.jpeg`, `.png`, `.tif`, `.tiff`, any case)
 * and other files. Hidden entries (names starting with `.`, or inside a hidden folder) are skipped.
 * This is the one rule for which images a dataset holds: every command counts images in
 * sub-folders, as a COCO `file_name` such as `sub/a.jpg` expects.
 */
export async function listFolderFiles(folder: string): Promise<FolderFiles> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  const images: string[] = [];
  const others: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const parent = entry.parentPath ?? (entry as { path?: string }).path ?? folder;
    const path = relative(folder, join(parent, entry.name)).replaceAll("\\", "/");
    if (path.split("/").some((part) => part.startsWith("."))) continue;
    (formatFromExtension(entry.name) ? images : others).push(path);
  }
  return { images: images.sort(byCodeUnits), others: others.sort(byCodeUnits) };
}

/**
 * Lists the image files under a folder, including sub-folders, as `/`-separated paths relative to
 * it, sorted ({@link listFolderFiles}).
 * @example
 * ```ts
 * await listImageFiles("data/ds_coco_dataset/images"); // ["000000005802.jpg", ...]
 * ```
 */
export async function listImageFiles(folder: string): Promise<string[]> {
  return (await listFolderFiles(folder)).images;
}
