import type { CocoFile } from "@iqf/coco";
import { numpySum } from "@iqf/core";
import { exactMean, numpyHistogram } from "./numeric.js";
import type { ClassHistoStats, FileStatsEntry, ImageSizeStats, ValuesHistogram } from "./stats-types.js";

type CocoImage = CocoFile["images"][number];
type CocoAnnotation = CocoFile["annotations"][number];
type CocoCategory = CocoFile["categories"][number];
type Id = number | string;

/** Mean height and width of the `images` list (from the JSON fields, as iquaflow). */
export function cocoImagesStats(images: readonly CocoImage[]): ImageSizeStats {
  if (images.length === 0) return { mean_height: Number.NaN, mean_width: Number.NaN };
  return {
    mean_height: exactMean(images.map((image) => image.height)),
    mean_width: exactMean(images.map((image) => image.width)),
  };
}

/** Orders ids as Python sorts them (numbers numerically, strings by code unit). */
function compareIds(a: Id, b: Id): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** Maps category ids to names; the first category with an id wins. */
function categoryNames(categories: readonly CocoCategory[]): Map<Id, string> {
  const names = new Map<Id, string>();
  for (const category of categories)
    if (!names.has(category.id)) names.set(category.id, String(category.name));
  return names;
}

/** Names a category, or `category <id>` when the id is missing from `categories`. */
function nameOf(names: Map<Id, string>, id: Id): string {
  return names.get(id) ?? `category ${id}`;
}

/** Annotation count per used category, sorted by category id. */
export function cocoClassHisto(
  annotations: readonly CocoAnnotation[],
  categories: readonly CocoCategory[],
): ClassHistoStats {
  const counts = new Map<Id, number>();
  for (const annotation of annotations)
    counts.set(annotation.category_id, (counts.get(annotation.category_id) ?? 0) + 1);
  const ids = [...counts.keys()].sort(compareIds);
  const names = categoryNames(categories);
  return {
    cat_ids: ids,
    cat_names: ids.map((id) => nameOf(names, id)),
    cat_tags_count: ids.map((id) => counts.get(id)!),
  };
}

/** Shoelace area of one flat `[x0, y0, x1, y1, …]` polygon. */
function flatPolygonArea(flat: readonly number[]): number {
  let twice = 0;
  const n = Math.floor(flat.length / 2);
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    twice += flat[2 * i]! * flat[2 * j + 1]! - flat[2 * j]! * flat[2 * i + 1]!;
  }
  return Math.abs(twice) / 2;
}

/**
 * Area of a segmentation when the annotation has no `area` field: the sum of its polygons
 * (COCO list of flat lists), the foreground run lengths of an uncompressed RLE, or else the
 * bbox area.
 */
function segmentationArea(annotation: CocoAnnotation): number {
  const segmentation = annotation.segmentation;
  if (Array.isArray(segmentation)) {
    let area = 0;
    for (const polygon of segmentation)
      if (Array.isArray(polygon)) area += flatPolygonArea(polygon as number[]);
    return area;
  }
  const counts = (segmentation as { counts?: unknown } | null)?.counts;
  if (Array.isArray(counts)) {
    let area = 0;
    for (let i = 1; i < counts.length; i += 2) area += Number(counts[i]);
    return area;
  }
  return annotation.bbox[2]! * annotation.bbox[3]!;
}

/** Class names and coverage fractions, background first (iquaflow's `mask_stats`). */
export interface AreaCoverage {
  /** `background`, then category names in order of first appearance. */
  readonly names: string[];
  /** Mean fraction of image area per class. */
  readonly values: number[];
}

const BACKGROUND = "\u0000background";

/**
 * Mean fraction of the image area covered by each class, computed exactly as iquaflow's
 * `mask_stats` (kept for compatibility): annotation `area` over image area summed per image and
 * class, averaged over (number of images + 1) — iquaflow's extra dummy entry — and the
 * background as 1 minus the numpy pairwise sum of the class means. Annotations are grouped by
 * image in one pass (iquaflow rescans the whole list per image).
 */
export function cocoAreaCoverage(coco: CocoFile): AreaCoverage {
  const byImage = new Map<Id, CocoAnnotation[]>();
  for (const annotation of coco.annotations) {
    const list = byImage.get(annotation.image_id);
    if (list) list.push(annotation);
    else byImage.set(annotation.image_id, [annotation]);
  }
  const perImage = new Map<Id | typeof BACKGROUND, Map<Id | typeof BACKGROUND, number>>();
  perImage.set(BACKGROUND, new Map([[BACKGROUND, 0]]));
  for (const image of coco.images) {
    const fractions = new Map<Id | typeof BACKGROUND, number>([[BACKGROUND, 0]]);
    perImage.set(image.id, fractions);
    const imageArea = image.height * image.width;
    for (const annotation of byImage.get(image.id) ?? []) {
      if (!("segmentation" in annotation)) continue;
      const area = annotation.area ?? segmentationArea(annotation);
      fractions.set(annotation.category_id, (fractions.get(annotation.category_id) ?? 0) + area / imageArea);
    }
  }
  const sums = new Map<Id | typeof BACKGROUND, number>();
  for (const fractions of perImage.values()) {
    for (const [kind, value] of fractions) sums.set(kind, (sums.get(kind) ?? 0) + value);
  }
  const kinds = [...sums.keys()];
  const values = kinds.map((kind) => sums.get(kind)! / perImage.size);
  values[0] = 1 - numpySum(values);
  const names = categoryNames(coco.categories);
  return {
    names: kinds.map((kind) => (kind === BACKGROUND ? "background" : nameOf(names, kind))),
    values,
  };
}

/** Builds a `{values, bin_edges, ar_counts}` histogram record. */
function histogramOf<K extends "aspect_ratios" | "areas">(key: K, values: Float64Array): ValuesHistogram<K> {
  const { binEdges, counts } = numpyHistogram(values);
  return { [key]: Array.from(values), bin_edges: binEdges, ar_counts: counts } as ValuesHistogram<K>;
}

/** Bounding-box aspect ratios (width / height, boxes with positive height) and their histogram. */
export function cocoBboxAspectRatioHisto(
  annotations: readonly CocoAnnotation[],
): ValuesHistogram<"aspect_ratios"> {
  const ratios = new Float64Array(annotations.length);
  let n = 0;
  for (const { bbox } of annotations) if (bbox[3]! > 0) ratios[n++] = bbox[2]! / bbox[3]!;
  return histogramOf("aspect_ratios", ratios.subarray(0, n));
}

/** Bounding-box areas (width × height) and their histogram. */
export function cocoBboxAreaHisto(annotations: readonly CocoAnnotation[]): ValuesHistogram<"areas"> {
  return histogramOf(
    "areas",
    Float64Array.from(annotations, ({ bbox }) => bbox[2]! * bbox[3]!),
  );
}

/** Image aspect ratios (width / height) and their histogram. */
export function cocoImagesAspectRatioHisto(images: readonly CocoImage[]): ValuesHistogram<"aspect_ratios"> {
  return histogramOf(
    "aspect_ratios",
    Float64Array.from(images, (image) => image.width / image.height),
  );
}

/** Image areas (width × height) and their histogram. */
export function cocoImagesAreaHisto(images: readonly CocoImage[]): ValuesHistogram<"areas"> {
  return histogramOf(
    "areas",
    Float64Array.from(images, (image) => image.width * image.height),
  );
}

/** The seven `stats.json` entries of a COCO file, in iquaflow's order. */
export function cocoStatsEntries(file: string, coco: CocoFile): FileStatsEntry[] {
  const coverage = cocoAreaCoverage(coco);
  const coverageByName: Record<string, number> = {};
  coverage.names.forEach((name, index) => {
    coverageByName[name] = coverage.values[index]!;
  });
  return [
    { file, obj: "images", stats: cocoImagesStats(coco.images) },
    { file, obj: "class_histo", stats: cocoClassHisto(coco.annotations, coco.categories) },
    { file, obj: "area_coverage_by_class", stats: coverageByName },
    { file, obj: "bbox_aspect_ratio_histo", stats: cocoBboxAspectRatioHisto(coco.annotations) },
    { file, obj: "bbox_area_histo", stats: cocoBboxAreaHisto(coco.annotations) },
    { file, obj: "images_aspect_ratio_histo", stats: cocoImagesAspectRatioHisto(coco.images) },
    { file, obj: "images_area_histo", stats: cocoImagesAreaHisto(coco.images) },
  ];
}
