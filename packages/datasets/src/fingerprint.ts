import { createHash } from "node:crypto";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import type { DatasetLayout } from "@iqf/core";
import { filesUnder } from "./file-listing.js";
import { MANIFEST_FILE } from "./manifest.js";

/**
 * Fingerprint of a dataset's source files: names, sizes and modification times of its images,
 * annotation files, mask files and manifest. A modified dataset built from the same fingerprint
 * (and the same modifier params) can be reused.
 * @param layout - the source dataset.
 * @param images - its images, relative to the images folder (as listed by the pipeline).
 */
export async function fingerprintSource(layout: DatasetLayout, images: readonly string[]): Promise<string> {
  const hash = createHash("sha256");
  const add = async (label: string, path: string) => {
    try {
      const info = await stat(path);
      hash.update(`${label}\0${info.size}\0${info.mtimeMs}\n`);
    } catch {
      hash.update(`${label}\0missing\n`);
    }
  };
  for (const image of images) await add(`image:${image}`, join(layout.imagesDir, image));
  if (layout.cocoAnnotations) await add("coco", layout.cocoAnnotations);
  if (layout.geojsonAnnotations) await add("geojson", layout.geojsonAnnotations);
  if (layout.masksDir)
    for (const file of await filesUnder(layout.masksDir))
      await add(`mask:${file.slice(layout.masksDir.length)}`, file);
  await add("manifest", join(layout.root, MANIFEST_FILE));
  return hash.digest("hex");
}
