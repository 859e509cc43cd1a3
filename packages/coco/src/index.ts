// The COCO evaluation API of iqf: depends on @iqf/core and zod only (no image codecs).
export { BboxDetectionMetrics } from "./bbox-detection-metrics.js";
export type { CocoAnnotation, CocoCategory, CocoFile, CocoId, CocoImage } from "./dataset-schema.js";
export { cocoDatasetAnnotationSchema, cocoDatasetSchema, isCocoDatasetAnnotation } from "./dataset-schema.js";
export type { CocoEvaluation, Float64NdArray } from "./evaluate-coco.js";
export { evaluateCoco } from "./evaluate-coco.js";
export { formatCocoSummary, formatFixed } from "./format-summary.js";
export { BBDetectionMetrics } from "./iquaflow-names.js";
export type {
  CocoBox,
  CocoDetectionJson,
  CocoGroundTruthAnnotationJson,
  CocoGroundTruthJson,
} from "./json-shapes.js";
export type { CocoStatName, CocoStats } from "./names.js";
export { COCO_STAT_NAMES } from "./names.js";
export type { CocoAreaRange, CocoEvalOptions, CocoEvalParams } from "./params.js";
export { COCO_DEFAULT_AREA_RANGES, COCO_DEFAULT_MAX_DETS, numpyLinspace } from "./params.js";
export type { CocoCategoryResult } from "./per-category.js";
export type {
  CocoFalseDetection,
  CocoImageOutcome,
  CocoImageResult,
  CocoMatch,
  CocoMiss,
} from "./per-image.js";
