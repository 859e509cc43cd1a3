import { InvalidFile } from "@iqf/core";
import type { CocoDetectionJson, CocoGroundTruthJson } from "./json-shapes.js";
import type { DetectionColumns } from "./results-reader.js";

/** Ground truth in column form: one entry per annotation, boxes as `[x, y, w, h]` quadruples. */
export interface GroundTruthTable {
  /** File the data came from (or a description of the in-memory object), for messages. */
  readonly source: string;
  /** Distinct image ids, in the order of `images`. */
  readonly imageIds: readonly number[];
  /** `file_name` of each image that has one. */
  readonly fileNames: ReadonlyMap<number, string>;
  /** Distinct category ids, in the order of `categories`. */
  readonly categoryIds: readonly number[];
  /** `name` of each category that has one. */
  readonly categoryNames: ReadonlyMap<number, string>;
  /** Number of annotations. */
  readonly count: number;
  /** Annotation `id`. */
  readonly annotationId: Float64Array;
  /** Annotation `image_id`. */
  readonly imageId: Float64Array;
  /** Annotation `category_id`. */
  readonly categoryId: Float64Array;
  /** `bbox` of annotation n at `[4n, 4n + 4)`. */
  readonly boxes: Float64Array;
  /** Annotation `area` field (decides the small/medium/large membership). */
  readonly area: Float64Array;
  /** 1 for `iscrowd` regions. */
  readonly crowd: Uint8Array;
}

/** Detections in column form, row n = element n of the results list. */
export interface DetectionTable extends DetectionColumns {
  /** File the data came from (or a description of the in-memory list), for messages. */
  readonly source: string;
  /** `width * height` of the box (pycocotools overwrites any `area` of a result this way). */
  readonly area: Float64Array;
}

/**
 * Builds the column form of validated ground truth. Annotation ids must be unique: pycocotools
 * keys annotations by id, so a repeated id silently evaluates one object twice and drops the
 * other; this is reported instead.
 */
export function buildGroundTruthTable(json: CocoGroundTruthJson, source: string): GroundTruthTable {
  const imageIds: number[] = [];
  const fileNames = new Map<number, string>();
  const seenImages = new Set<number>();
  for (const image of json.images) {
    if (seenImages.has(image.id)) continue;
    seenImages.add(image.id);
    imageIds.push(image.id);
    if (image.file_name !== undefined) fileNames.set(image.id, image.file_name);
  }
  const categoryIds: number[] = [];
  const categoryNames = new Map<number, string>();
  const seenCategories = new Set<number>();
  for (const category of json.categories) {
    if (seenCategories.has(category.id)) continue;
    seenCategories.add(category.id);
    categoryIds.push(category.id);
    if (category.name !== undefined) categoryNames.set(category.id, category.name);
  }
  const annotations = json.annotations;
  const count = annotations.length;
  const table = {
    source,
    imageIds,
    fileNames,
    categoryIds,
    categoryNames,
    count,
    annotationId: new Float64Array(count),
    imageId: new Float64Array(count),
    categoryId: new Float64Array(count),
    boxes: new Float64Array(4 * count),
    area: new Float64Array(count),
    crowd: new Uint8Array(count),
  };
  const firstUse = new Map<number, number>();
  for (let n = 0; n < count; n++) {
    const annotation = annotations[n] as (typeof annotations)[number];
    const earlier = firstUse.get(annotation.id);
    if (earlier !== undefined) {
      throw new InvalidFile(
        source,
        `annotations[${n}].id ${annotation.id} is already used by annotations[${earlier}]; annotation ids must be unique`,
      );
    }
    firstUse.set(annotation.id, n);
    table.annotationId[n] = annotation.id;
    table.imageId[n] = annotation.image_id;
    table.categoryId[n] = annotation.category_id;
    table.boxes.set(annotation.bbox, 4 * n);
    table.area[n] = annotation.area;
    table.crowd[n] = annotation.iscrowd === 1 || annotation.iscrowd === true ? 1 : 0;
  }
  return table;
}

/** Column form of validated detection objects. */
export function detectionColumnsOf(detections: readonly CocoDetectionJson[]): DetectionColumns {
  const count = detections.length;
  const columns = {
    count,
    imageId: new Float64Array(count),
    categoryId: new Float64Array(count),
    boxes: new Float64Array(4 * count),
    score: new Float64Array(count),
  };
  for (let n = 0; n < count; n++) {
    const detection = detections[n] as CocoDetectionJson;
    columns.imageId[n] = detection.image_id;
    columns.categoryId[n] = detection.category_id;
    columns.boxes.set(detection.bbox, 4 * n);
    columns.score[n] = detection.score;
  }
  return columns;
}

/**
 * Completes detection columns into a table: every `image_id` must be an image of the ground
 * truth (pycocotools asserts the same), and the area is `w * h` as pycocotools' `loadRes` sets it.
 * Detections of categories absent from the ground truth are kept and never evaluated, as in
 * pycocotools.
 */
export function buildDetectionTable(
  columns: DetectionColumns,
  source: string,
  groundTruth: GroundTruthTable,
): DetectionTable {
  const { count, imageId, boxes } = columns;
  const knownImages = new Set(groundTruth.imageIds);
  const area = new Float64Array(count);
  for (let n = 0; n < count; n++) {
    if (!knownImages.has(imageId[n] as number)) {
      throw new InvalidFile(
        source,
        `[${n}].image_id ${imageId[n]} is not an image id of the ground truth ${groundTruth.source}; detections must refer to ground-truth images`,
      );
    }
    area[n] = (boxes[4 * n + 2] as number) * (boxes[4 * n + 3] as number);
  }
  return { ...columns, source, area };
}
