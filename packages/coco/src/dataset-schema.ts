import * as z from "zod";

const finite = z.number().refine(Number.isFinite, "expected a finite number");
const identifier = z.union([z.number(), z.string()]);

/** One annotation of a COCO dataset file (ids may be numbers or strings; extra fields kept). */
export const cocoDatasetAnnotationSchema = z.looseObject({
  id: identifier.optional(),
  image_id: identifier,
  category_id: identifier,
  bbox: z.array(finite).length(4),
  area: finite.optional(),
  segmentation: z.unknown().optional(),
  iscrowd: z.union([z.number(), z.boolean()]).optional(),
});

/**
 * A COCO dataset file as dataset tools read it: images with their sizes, categories, and
 * annotations as an opaque array — check each with {@link isCocoDatasetAnnotation} (a tight loop,
 * no copies) and explain a failure with {@link cocoDatasetAnnotationSchema}. Looser than the
 * evaluation schema (string ids are allowed; `area` and `iscrowd` are optional).
 */
export const cocoDatasetSchema = z.object({
  images: z.array(
    z.looseObject({
      id: identifier,
      file_name: z.string().optional(),
      width: finite.positive(),
      height: finite.positive(),
    }),
  ),
  annotations: z.array(z.unknown()),
  categories: z.array(z.looseObject({ id: identifier, name: z.union([z.string(), z.number()]) })),
});

/** A COCO id: images, annotations and categories use numbers, some tools strings. */
export type CocoId = number | string;

/** One COCO image entry (extra fields kept). */
export interface CocoImage {
  /** Image id. */
  id: CocoId;
  /** File name relative to the images folder. */
  file_name?: string;
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /** Any other field. */
  [field: string]: unknown;
}

/** One COCO annotation (extra fields kept). */
export interface CocoAnnotation {
  /** Annotation id. */
  id?: CocoId;
  /** Id of the annotated image. */
  image_id: CocoId;
  /** Id of the category. */
  category_id: CocoId;
  /** `[x, y, width, height]` in pixels. */
  bbox: number[];
  /** Segmented area in pixels. */
  area?: number;
  /** Polygons (list of flat lists) or RLE. */
  segmentation?: unknown;
  /** 1 for crowd (RLE) annotations. */
  iscrowd?: number | boolean;
  /** Any other field. */
  [field: string]: unknown;
}

/** One COCO category (extra fields kept). */
export interface CocoCategory {
  /** Category id. */
  id: CocoId;
  /** Category name. */
  name: string | number;
  /** Any other field. */
  [field: string]: unknown;
}

/** A COCO ground-truth file, validated (extra fields kept). */
export interface CocoFile {
  /** The images. */
  images: CocoImage[];
  /** The annotations. */
  annotations: CocoAnnotation[];
  /** The categories. */
  categories: CocoCategory[];
  /** Any other field (info, licenses, …). */
  [field: string]: unknown;
}

/** True for a finite number. */
function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/** True for a COCO id (number or string). */
function isIdentifier(value: unknown): boolean {
  return typeof value === "number" || typeof value === "string";
}

/** Fast structural check of one annotation, equivalent to {@link cocoDatasetAnnotationSchema}. */
export function isCocoDatasetAnnotation(value: unknown): value is CocoAnnotation {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  const bbox = record.bbox;
  return (
    isIdentifier(record.image_id) &&
    isIdentifier(record.category_id) &&
    (record.id === undefined || isIdentifier(record.id)) &&
    Array.isArray(bbox) &&
    bbox.length === 4 &&
    bbox.every(isFiniteNumber) &&
    (record.area === undefined || isFiniteNumber(record.area)) &&
    (record.iscrowd === undefined ||
      typeof record.iscrowd === "number" ||
      typeof record.iscrowd === "boolean")
  );
}
