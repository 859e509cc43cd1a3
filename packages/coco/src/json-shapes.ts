/** A COCO box `[x, y, width, height]` in pixels. */
export type CocoBox = readonly [number, number, number, number];

/** True for `[x, y, width, height]`: an array of exactly 4 numbers. */
export function isBox(value: unknown): value is CocoBox {
  return (
    Array.isArray(value) &&
    value.length === 4 &&
    typeof value[0] === "number" &&
    typeof value[1] === "number" &&
    typeof value[2] === "number" &&
    typeof value[3] === "number"
  );
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);
const isOptionalString = (value: unknown) => value === undefined || typeof value === "string";

/** True for an entry of `images` or `categories` with a numeric `id` and an optional string `label`. */
function isIdEntry(value: unknown, label: string): boolean {
  return isRecord(value) && isNumber(value.id) && isOptionalString(value[label]);
}

function isGroundTruthAnnotation(value: unknown): boolean {
  return (
    isRecord(value) &&
    isNumber(value.id) &&
    isNumber(value.image_id) &&
    isNumber(value.category_id) &&
    isBox(value.bbox) &&
    isNumber(value.area) &&
    (value.iscrowd === 0 || value.iscrowd === 1 || typeof value.iscrowd === "boolean")
  );
}

function isDetection(value: unknown): boolean {
  return (
    isRecord(value) &&
    isNumber(value.image_id) &&
    isNumber(value.category_id) &&
    isBox(value.bbox) &&
    isNumber(value.score)
  );
}

/**
 * True when `value` is ground truth that `cocoGroundTruthSchema` accepts as it is: a tight
 * loop without copies for the common case; the schema explains a failure.
 */
export function isCocoGroundTruth(value: unknown): value is CocoGroundTruthJson {
  if (!isRecord(value)) return false;
  const { images, annotations, categories } = value;
  return (
    Array.isArray(images) &&
    Array.isArray(annotations) &&
    Array.isArray(categories) &&
    images.every((image) => isIdEntry(image, "file_name")) &&
    categories.every((category) => isIdEntry(category, "name")) &&
    annotations.every(isGroundTruthAnnotation)
  );
}

/**
 * True when `value` is a results list that `cocoResultsSchema` accepts as it is (a tight
 * loop without copies); the schema explains a failure.
 */
export function isCocoResults(value: unknown): value is CocoDetectionJson[] {
  return Array.isArray(value) && value.every(isDetection);
}

/** One ground-truth annotation of a COCO file, as far as bbox evaluation reads it. */
export interface CocoGroundTruthAnnotationJson {
  /** Annotation id (unique). */
  readonly id: number;
  /** Id of an entry of `images`. */
  readonly image_id: number;
  /** Id of an entry of `categories`. */
  readonly category_id: number;
  /** `[x, y, width, height]` in pixels. */
  readonly bbox: CocoBox;
  /** Object area (segmentation area in COCO files); decides small/medium/large. */
  readonly area: number;
  /** 1 (or `true`) for a crowd region. */
  readonly iscrowd: 0 | 1 | boolean;
  /** Any other field (segmentation, …) is ignored. */
  readonly [field: string]: unknown;
}

/** A COCO ground-truth object (what `JSON.parse` of an annotations file gives). */
export interface CocoGroundTruthJson {
  /** The images; their ids are the evaluated image ids. */
  readonly images: readonly {
    readonly id: number;
    readonly file_name?: string;
    readonly [field: string]: unknown;
  }[];
  /** The objects. */
  readonly annotations: readonly CocoGroundTruthAnnotationJson[];
  /** The categories; their ids are the evaluated category ids. */
  readonly categories: readonly {
    readonly id: number;
    readonly name?: string;
    readonly [field: string]: unknown;
  }[];
  /** Any other field (info, licenses, …) is ignored. */
  readonly [field: string]: unknown;
}

/** One detection of a COCO results list. */
export interface CocoDetectionJson {
  /** Id of a ground-truth image. */
  readonly image_id: number;
  /** Id of a ground-truth category (others are ignored, as in pycocotools). */
  readonly category_id: number;
  /** `[x, y, width, height]` in pixels. */
  readonly bbox: CocoBox;
  /** Confidence; higher ranks first. */
  readonly score: number;
  /** Any other field is ignored (`id`, `area` and `iscrowd` are not read). */
  readonly [field: string]: unknown;
}
