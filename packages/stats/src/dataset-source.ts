import { readdir, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { type DatasetLayout, DatasetNotFound } from "@iqf/core";

/** Explicit dataset parts, for data that does not follow the dataset-folder convention. */
export interface DatasetFiles {
  /** Folder holding the images. */
  readonly imagesDir: string;
  /** COCO ground-truth file. */
  readonly cocoAnnotations?: string;
  /** GeoJSON ground-truth file. */
  readonly geojsonAnnotations?: string;
  /** Raster-mask folder. */
  readonly masksDir?: string;
  /** Dataset root (default: the images folder's parent); outputs may not be written inside it. */
  readonly root?: string;
  /** Dataset name used in titles (default: the root's base name). */
  readonly name?: string;
}

/** What {@link DsStats} measures: a dataset folder, an opened `DSWrapper` (anything with a `layout`), or explicit files. */
export type DsStatsSource = string | { readonly layout: DatasetLayout } | DatasetFiles;

/** The parts of a dataset the statistics read. */
export interface ResolvedDataset {
  /** Dataset root folder. */
  readonly root: string;
  /** Dataset name. */
  readonly name: string;
  /** Folder holding the images. */
  readonly imagesDir: string;
  /** COCO ground-truth file, when present. */
  readonly cocoAnnotations?: string;
  /** GeoJSON ground-truth file, when present. */
  readonly geojsonAnnotations?: string;
  /** Raster-mask folder, when present. */
  readonly masksDir?: string;
}

/** Lists the entries of a dataset folder, or throws `DatasetNotFound`. */
async function listFolder(root: string) {
  try {
    if (!(await stat(root)).isDirectory()) throw new DatasetNotFound(root, "the path is not a folder");
    return await readdir(root, { withFileTypes: true });
  } catch (error) {
    if (error instanceof DatasetNotFound) throw error;
    throw new DatasetNotFound(root);
  }
}

/**
 * Finds the parts of a dataset folder by iquaflow's convention: the images sub-folder
 * (`images` if present, else the only folder that is not a `*_mask` or `stats` folder), its
 * `<images>_mask` folder, and the `*.json` (COCO) and `*.geojson` files beside it.
 */
export async function discoverDataset(root: string): Promise<ResolvedDataset> {
  const entries = await listFolder(root);
  const folders = entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
    .map((entry) => entry.name)
    .sort();
  const candidates = folders.filter((name) => !name.endsWith("_mask") && name !== "stats");
  const images = candidates.includes("images")
    ? "images"
    : candidates.length === 1
      ? candidates[0]
      : undefined;
  if (images === undefined) {
    throw new DatasetNotFound(
      root,
      candidates.length === 0
        ? "there is no images sub-folder"
        : `several folders could hold the images (${candidates.join(", ")}); name one "images"`,
    );
  }
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .sort();
  const coco = files.find((name) => name.toLowerCase().endsWith(".json"));
  const geojson = files.find((name) => name.toLowerCase().endsWith(".geojson"));
  const masks = folders.includes(`${images}_mask`) ? `${images}_mask` : undefined;
  return {
    root,
    name: basename(root),
    imagesDir: join(root, images),
    ...(coco ? { cocoAnnotations: join(root, coco) } : {}),
    ...(geojson ? { geojsonAnnotations: join(root, geojson) } : {}),
    ...(masks ? { masksDir: join(root, masks) } : {}),
  };
}

/** Turns any {@link DsStatsSource} into the dataset parts to read. */
export async function resolveDataset(source: DsStatsSource): Promise<ResolvedDataset> {
  if (typeof source === "string") return discoverDataset(source);
  const files: DatasetFiles = "layout" in source ? source.layout : source;
  const root = files.root ?? join(files.imagesDir, "..");
  return {
    root,
    name: files.name ?? basename(root),
    imagesDir: files.imagesDir,
    ...(files.cocoAnnotations ? { cocoAnnotations: files.cocoAnnotations } : {}),
    ...(files.geojsonAnnotations ? { geojsonAnnotations: files.geojsonAnnotations } : {}),
    ...(files.masksDir ? { masksDir: files.masksDir } : {}),
  };
}
