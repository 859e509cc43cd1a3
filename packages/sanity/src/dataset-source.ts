import { readdir, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { type DatasetLayout, DatasetNotFound } from "@iqf/core";

/** Explicit parts of a dataset, for data that does not follow the dataset-folder convention. */
export interface SanityFiles {
  /** Folder holding the images. */
  readonly imagesDir: string;
  /** COCO (`.json`) or GeoJSON (`.geojson`) annotation file; omit to check the images only. */
  readonly annotations?: string;
  /** Dataset root (default: the images folder's parent). */
  readonly root?: string;
}

/** What {@link checkDataset} checks: a dataset folder, an opened `DSWrapper` (anything with a `layout`), or explicit files. */
export type SanitySource = string | { readonly layout: DatasetLayout } | SanityFiles;

/** The resolved parts of the dataset to check. */
export interface SanityTarget {
  /** Dataset root. */
  readonly root: string;
  /** Images folder. */
  readonly imagesDir: string;
  /** Annotation file, when there is one. */
  readonly annotations?: string;
}

async function findParts(root: string): Promise<SanityTarget> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => {
    throw new DatasetNotFound(root);
  });
  const folders = entries.filter((e) => e.isDirectory() && !e.name.startsWith(".")).map((e) => e.name);
  const candidates = folders.filter((name) => !name.endsWith("_mask") && name !== "stats").sort();
  const images = candidates.includes("images")
    ? "images"
    : candidates.length === 1
      ? candidates[0]
      : undefined;
  if (!images) {
    throw new DatasetNotFound(
      root,
      candidates.length === 0
        ? "there is no images sub-folder"
        : `several folders could hold the images (${candidates.join(", ")}); name one "images"`,
    );
  }
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort();
  const annotation =
    files.find((n) => n.toLowerCase().endsWith(".json")) ??
    files.find((n) => n.toLowerCase().endsWith(".geojson"));
  return {
    root,
    imagesDir: join(root, images),
    ...(annotation ? { annotations: join(root, annotation) } : {}),
  };
}

/** Turns a {@link SanitySource} into the folder and annotation file to check. */
export async function resolveSanityTarget(source: SanitySource): Promise<SanityTarget> {
  if (typeof source === "string") {
    const info = await stat(source).catch(() => undefined);
    if (!info) throw new DatasetNotFound(source);
    if (!info.isDirectory()) throw new DatasetNotFound(source, "the path is not a folder");
    return findParts(source);
  }
  if ("layout" in source) {
    const { root, imagesDir, cocoAnnotations, geojsonAnnotations } = source.layout;
    const annotations = cocoAnnotations ?? geojsonAnnotations;
    return { root, imagesDir, ...(annotations ? { annotations } : {}) };
  }
  const info = await stat(source.imagesDir).catch(() => undefined);
  if (!info?.isDirectory()) throw new DatasetNotFound(source.imagesDir, "the images folder does not exist");
  return {
    root: source.root ?? dirname(source.imagesDir),
    imagesDir: source.imagesDir,
    ...(source.annotations ? { annotations: source.annotations } : {}),
  };
}
