import { stat } from "node:fs/promises";
import { dirname } from "node:path";
import { type DatasetLayout, DatasetNotFound } from "@iqf/core";
import { DsWrapper } from "@iqf/datasets";

/** Explicit parts of a dataset, for data that does not follow the dataset-folder convention. */
export interface SanityFiles {
  /** Folder holding the images. */
  readonly imagesDir: string;
  /** COCO (`.json`) or GeoJSON (`.geojson`) annotation file; omit to check the images only. */
  readonly annotations?: string;
  /** Dataset root (default: the images folder's parent). */
  readonly root?: string;
}

/** What {@link checkDataset} checks: a dataset folder, an opened `DsWrapper` (anything with a `layout`), or explicit files. */
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

/** Turns a {@link SanitySource} into the folder and annotation file to check. */
export async function resolveSanityTarget(source: SanitySource): Promise<SanityTarget> {
  if (typeof source === "string" || "layout" in source) {
    const { root, imagesDir, cocoAnnotations, geojsonAnnotations } =
      typeof source === "string" ? (await DsWrapper.open(source)).layout : source.layout;
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
