import { join } from "node:path";
import { countOf, mapConcurrent } from "@iqf/core";
import { listImageFiles } from "@iqf/datasets";
import { fromFile } from "geotiff";
import type { AnnotationFile } from "./annotation-file.js";
import { featurePolygons } from "./geojson-stats.js";
import type { ImagePreview, OverlayShape, PreviewTile } from "./html/image-preview.js";
import { deterministicSample } from "./sample.js";
import { makeThumbnail } from "./thumbnail.js";

/** Maps world coordinates to pixels: `[originX, originY, resolutionX, resolutionY]`. */
type GeoTransform = readonly [number, number, number, number];

/** The GeoTIFF's origin and pixel size, or the identity when the file is not georeferenced. */
async function readGeoTransform(path: string): Promise<GeoTransform> {
  try {
    const tiff = await fromFile(path);
    try {
      const image = await tiff.getImage();
      const [originX, originY] = image.getOrigin();
      const [resolutionX, resolutionY] = image.getResolution();
      return [originX!, originY!, resolutionX!, resolutionY!];
    } finally {
      await tiff.close();
    }
  } catch {
    return [0, 0, 1, 1];
  }
}

/** COCO shapes per image file name: each annotation's box and its segmentation polygons. */
function cocoShapes(annotations: Extract<AnnotationFile, { kind: "coco" }>): Map<string, OverlayShape[]> {
  const coco = annotations.data;
  const names = new Map<number | string, string>();
  for (const category of coco.categories)
    if (!names.has(category.id)) names.set(category.id, String(category.name));
  const imageFiles = new Map(coco.images.map((image) => [image.id, image.file_name ?? String(image.id)]));
  const shapes = new Map<string, OverlayShape[]>();
  for (const annotation of coco.annotations) {
    const file = imageFiles.get(annotation.image_id);
    if (file === undefined) continue;
    const label = names.get(annotation.category_id) ?? `category ${annotation.category_id}`;
    const list = shapes.get(file) ?? [];
    const [x, y, width, height] = annotation.bbox;
    list.push({ kind: "rect", x: x!, y: y!, width: width!, height: height!, label });
    if (Array.isArray(annotation.segmentation)) {
      for (const polygon of annotation.segmentation) {
        if (Array.isArray(polygon) && polygon.length >= 6)
          list.push({ kind: "polygon", points: polygon as number[], label });
      }
    }
    shapes.set(file, list);
  }
  return shapes;
}

/** GeoJSON polygons per image file name, mapped from world to pixel coordinates. */
async function geojsonShapes(
  annotations: Extract<AnnotationFile, { kind: "geojson" }>,
  imagesDir: string,
  imageNames: readonly string[],
): Promise<Map<string, OverlayShape[]>> {
  const wanted = new Set(imageNames);
  const shapes = new Map<string, OverlayShape[]>();
  const transforms = new Map<string, GeoTransform>();
  for (const feature of annotations.data.features) {
    const file = feature.properties?.image_filename;
    if (typeof file !== "string" || !wanted.has(file)) continue;
    let transform = transforms.get(file);
    if (transform === undefined) {
      transform = await readGeoTransform(join(imagesDir, file));
      transforms.set(file, transform);
    }
    const [originX, originY, resolutionX, resolutionY] = transform;
    const classId = feature.properties?.class_id;
    const label = `class ${classId === undefined || classId === null ? "?" : String(classId)}`;
    const list = shapes.get(file) ?? [];
    for (const polygon of featurePolygons(feature)) {
      const exterior = polygon[0]!;
      const points = new Array<number>(exterior.length);
      for (let i = 0; i < exterior.length; i += 2) {
        points[i] = (exterior[i]! - originX) / resolutionX;
        points[i + 1] = (exterior[i + 1]! - originY) / resolutionY;
      }
      list.push({ kind: "polygon", points, label });
    }
    shapes.set(file, list);
  }
  return shapes;
}

/** Options of {@link buildImagePreview}. */
export interface PreviewOptions {
  /** Page title. */
  readonly title: string;
  /** Images shown at most. */
  readonly sample: number;
  /** Seed of the deterministic sample. */
  readonly seed: number;
  /** Thumbnail size in pixels. */
  readonly thumbnailSize: number;
  /** Images processed at once. */
  readonly concurrency: number;
  /** Called after each thumbnail. */
  readonly onThumbnail?: (name: string, done: number, total: number) => void;
  /** Cancels the work. */
  readonly signal?: AbortSignal;
}

/**
 * Builds the image preview: a deterministic sample (without replacement) of the images folder,
 * a thumbnail of each, and the annotations of the given file drawn over it.
 */
export async function buildImagePreview(
  imagesDir: string,
  annotations: AnnotationFile | undefined,
  options: PreviewOptions,
): Promise<ImagePreview> {
  const all = await listImageFiles(imagesDir);
  const names = deterministicSample(all, options.sample, options.seed);
  const shapes =
    annotations === undefined
      ? new Map<string, OverlayShape[]>()
      : annotations.kind === "coco"
        ? cocoShapes(annotations)
        : await geojsonShapes(annotations, imagesDir, names);
  let done = 0;
  const skipped: { name: string; reason: string }[] = [];
  const made = await mapConcurrent(
    names,
    options.concurrency,
    async (name): Promise<PreviewTile | undefined> => {
      try {
        const thumbnail = await makeThumbnail(join(imagesDir, name), options.thumbnailSize);
        return { name, ...thumbnail, shapes: shapes.get(name) ?? [] };
      } catch (error) {
        // One image that cannot be decoded does not stop the page: it is left out and reported
        // (with the reason alone when the error has one: the warning names the file already).
        const { reason } = error as { reason?: unknown };
        const text = typeof reason === "string" ? reason : (error as Error).message;
        skipped.push({ name, reason: text.split("\n")[0] ?? "" });
        return undefined;
      } finally {
        options.onThumbnail?.(name, ++done, names.length);
      }
    },
    options.signal,
  );
  const tiles = made.filter((tile): tile is PreviewTile => tile !== undefined);
  const description =
    names.length < all.length
      ? `${names.length} of ${countOf(all.length, "image")} (deterministic sample, seed ${options.seed})`
      : `all ${countOf(all.length, "image")}`;
  const left = skipped.length === 0 ? "" : `; ${skipped.length} could not be shown`;
  return { title: options.title, description: description + left, tiles, skipped };
}
