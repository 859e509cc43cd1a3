import { createHash } from "node:crypto";
import { join } from "node:path";
import type { DatasetLayout } from "@iqf/core";
import { filesUnder, statEach } from "./file-listing.js";
import { MANIFEST_FILE } from "./manifest.js";

/**
 * Fingerprint of a dataset's source files: names, sizes and modification times of its images,
 * annotation files, mask files and manifest. A modified dataset built from the same fingerprint
 * (and the same modifier params) can be reused.
 * @param layout - the source dataset.
 * @param images - its images, relative to the images folder (as listed by the pipeline).
 */
export async function fingerprintSource(layout: DatasetLayout, images: readonly string[]): Promise<string> {
  const labels: string[] = [];
  const paths: string[] = [];
  const add = (label: string, path: string) => {
    labels.push(label);
    paths.push(path);
  };
  for (const image of images) add(`image:${image}`, join(layout.imagesDir, image));
  if (layout.cocoAnnotations) add("coco", layout.cocoAnnotations);
  if (layout.geojsonAnnotations) add("geojson", layout.geojsonAnnotations);
  if (layout.masksDir)
    for (const file of await filesUnder(layout.masksDir))
      add(`mask:${file.slice(layout.masksDir.length)}`, file);
  add("manifest", join(layout.root, MANIFEST_FILE));
  const infos = await statEach(paths);
  const hash = createHash("sha256");
  for (const [index, label] of labels.entries()) {
    const info = infos[index];
    hash.update(info ? `${label}\0${info.size}\0${info.mtimeMs}\n` : `${label}\0missing\n`);
  }
  return hash.digest("hex");
}
