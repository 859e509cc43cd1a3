export { BBDetectionMetrics } from "./coco/bb-detection-metrics.js";
export type { CocoEvaluation, Float64NdArray } from "./coco/evaluate-coco.js";
export { evaluateCoco } from "./coco/evaluate-coco.js";
export { formatCocoSummary, formatFixed } from "./coco/format-summary.js";
export type { CocoStatName, CocoStats } from "./coco/names.js";
export { COCO_STAT_NAMES } from "./coco/names.js";
export type { CocoAreaRange, CocoEvalOptions, CocoEvalParams } from "./coco/params.js";
export { COCO_DEFAULT_AREA_RANGES, COCO_DEFAULT_MAX_DETS, numpyLinspace } from "./coco/params.js";
export type { CocoCategoryResult } from "./coco/per-category.js";
export type {
  CocoFalseDetection,
  CocoImageOutcome,
  CocoImageResult,
  CocoMatch,
  CocoMiss,
} from "./coco/per-image.js";
export type {
  CocoBox,
  CocoDetectionJson,
  CocoGroundTruthAnnotationJson,
  CocoGroundTruthJson,
} from "./coco/schema.js";
export * from "./images/index.js";
export * from "./sharpness/index.js";
export * from "./snr/index.js";
