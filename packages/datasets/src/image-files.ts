import { readdir } from "node:fs/promises";
import { join, relative } from "node:path";
import { formatFromExtension } from "@iqf/core";

/** Orders strings by UTF-16 code units: the same order on every platform and locale. */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Lists the image files (`.jpg`, `.jpeg`, `.png`, `.tif`, `.tiff`, any case) under a folder,
 * including sub-folders, as `/`-separated paths relative to it, sorted. Hidden entries (names
 * starting with `.`) and other files are skipped.
 * @example
 * ```ts
 * await listImageFiles("data/ds_coco_dataset/images"); // ["000000005802.jpg", ...]
 * ```
 */
export async function listImageFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  const files: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || !formatFromExtension(entry.name)) continue;
    const parent = entry.parentPath ?? (entry as { path?: string }).path ?? folder;
    const path = relative(folder, join(parent, entry.name)).replaceAll("\\", "/");
    if (path.split("/").some((part) => part.startsWith("."))) continue;
    files.push(path);
  }
  return files.sort(byCodeUnits);
}
