import type { Dirent } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { AnnotationsNotFound, type DatasetLayout, DatasetNotFound, type Params } from "@iqf/core";
import { AmbiguousImagesFolder } from "./errors.js";
import { byCodeUnits, listImageFiles } from "./image-files.js";
import { readManifest } from "./manifest.js";

/** Explicit locations of a dataset's parts; anything not given is discovered by convention. */
export interface DatasetPaths {
  /** Images folder (otherwise the single sub-folder that is not `stats`, hidden or `*_mask`). */
  readonly imagesDir?: string;
  /** COCO annotation file (otherwise the first `*.json` in the root, sorted). */
  readonly cocoAnnotations?: string;
  /** GeoJSON annotation file (otherwise the first `*.geojson` in the root, sorted). */
  readonly geojsonAnnotations?: string;
  /** Raster-mask folder (otherwise `<images folder>_mask` when it exists). */
  readonly masksDir?: string;
}

async function kindOf(path: string): Promise<"file" | "dir" | undefined> {
  try {
    const info = await stat(path);
    return info.isDirectory() ? "dir" : info.isFile() ? "file" : undefined;
  } catch {
    return undefined;
  }
}

function withoutTrailingSeparator(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, "");
  return trimmed === "" ? path : trimmed;
}

function isImagesCandidate(entry: Dirent): boolean {
  return (
    entry.isDirectory() &&
    !entry.name.startsWith(".") &&
    !entry.name.endsWith("_mask") &&
    entry.name.toLowerCase() !== "stats"
  );
}

async function findImagesDir(root: string, entries: readonly Dirent[]): Promise<string> {
  const candidates = entries.filter(isImagesCandidate).map((entry) => join(root, entry.name));
  if (candidates.length === 0) {
    throw new DatasetNotFound(
      root,
      `no images sub-folder (folders named stats, *_mask or starting with "." are not considered); put the images in ${join(root, "images")} or pass imagesDir`,
    );
  }
  if (candidates.length === 1) return candidates[0]!;
  const withImages: string[] = [];
  for (const candidate of candidates)
    if ((await listImageFiles(candidate)).length > 0) withImages.push(candidate);
  if (withImages.length === 1) return withImages[0]!;
  throw new AmbiguousImagesFolder(root, withImages.length > 1 ? withImages : candidates);
}

function firstWithExtension(root: string, entries: readonly Dirent[], extension: string): string | undefined {
  const match = entries.find(
    (entry) => entry.isFile() && !entry.name.startsWith(".") && entry.name.toLowerCase().endsWith(extension),
  );
  return match ? join(root, match.name) : undefined;
}

async function checkedFile(path: string | undefined, what: string): Promise<string | undefined> {
  if (path === undefined) return undefined;
  if ((await kindOf(path)) !== "file")
    throw new AnnotationsNotFound(path, `the ${what} file given does not exist or is not a file`);
  return path;
}

async function requireImages(root: string, imagesDir: string): Promise<void> {
  if ((await kindOf(imagesDir)) !== "dir")
    throw new DatasetNotFound(imagesDir, "the images folder does not exist or is not a folder");
  if ((await listImageFiles(imagesDir)).length === 0)
    throw new DatasetNotFound(
      root,
      `the images folder ${imagesDir} holds no image files (.jpg, .jpeg, .png, .tif, .tiff)`,
    );
}

async function datasetParams(root: string): Promise<Params> {
  const manifest = await readManifest(root);
  return { ds_name: basename(withoutTrailingSeparator(root)), ...manifest?.datasetParams };
}

/**
 * Discovers a dataset's layout from its root folder by iquaflow's conventions, deterministically:
 * the one images sub-folder (ignoring `stats`, `*_mask` and hidden folders; when several remain,
 * the one holding images, else an error listing them), the first `*.json` (COCO) and `*.geojson`
 * in sorted order, and `<images>_mask`. Explicit `paths` win over discovery and are checked.
 * Paths are joined, never resolved.
 */
export async function discoverLayout(root: string, paths: DatasetPaths = {}): Promise<DatasetLayout> {
  const kind = await kindOf(root);
  if (kind === undefined) throw new DatasetNotFound(root);
  if (kind !== "dir") throw new DatasetNotFound(root, "it is a file, not a dataset folder");
  const entries = (await readdir(root, { withFileTypes: true })).sort((a, b) => byCodeUnits(a.name, b.name));
  const imagesDir = paths.imagesDir ?? (await findImagesDir(root, entries));
  await requireImages(root, imagesDir);
  const cocoAnnotations =
    (await checkedFile(paths.cocoAnnotations, "COCO annotation")) ??
    firstWithExtension(root, entries, ".json");
  const geojsonAnnotations =
    (await checkedFile(paths.geojsonAnnotations, "GeoJSON annotation")) ??
    firstWithExtension(root, entries, ".geojson");
  let masksDir = paths.masksDir;
  if (masksDir !== undefined && (await kindOf(masksDir)) !== "dir")
    throw new DatasetNotFound(
      masksDir,
      "the mask folder given as masksDir does not exist or is not a folder",
    );
  const conventionalMasks = `${withoutTrailingSeparator(imagesDir)}_mask`;
  if (masksDir === undefined && (await kindOf(conventionalMasks)) === "dir") masksDir = conventionalMasks;
  return {
    root,
    name: basename(withoutTrailingSeparator(root)),
    imagesDir,
    ...(cocoAnnotations !== undefined && { cocoAnnotations }),
    ...(geojsonAnnotations !== undefined && { geojsonAnnotations }),
    ...(masksDir !== undefined && { masksDir }),
    params: await datasetParams(root),
  };
}

/**
 * Builds a layout from explicit paths only (iquaflow's `DSWrapper(data_input=…, json_annotations=…)`):
 * the root is the images folder's parent and nothing else is discovered.
 */
export async function layoutFromPaths(
  paths: DatasetPaths & { readonly imagesDir: string },
): Promise<DatasetLayout> {
  const root = dirname(withoutTrailingSeparator(paths.imagesDir));
  await requireImages(root, paths.imagesDir);
  const cocoAnnotations = await checkedFile(paths.cocoAnnotations, "COCO annotation");
  const geojsonAnnotations = await checkedFile(paths.geojsonAnnotations, "GeoJSON annotation");
  if (paths.masksDir !== undefined && (await kindOf(paths.masksDir)) !== "dir")
    throw new DatasetNotFound(
      paths.masksDir,
      "the mask folder given as masksDir does not exist or is not a folder",
    );
  return {
    root,
    name: basename(root),
    imagesDir: paths.imagesDir,
    ...(cocoAnnotations !== undefined && { cocoAnnotations }),
    ...(geojsonAnnotations !== undefined && { geojsonAnnotations }),
    ...(paths.masksDir !== undefined && { masksDir: paths.masksDir }),
    params: await datasetParams(root),
  };
}
