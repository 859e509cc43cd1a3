// The public API of @iqf/metrics, listed name by name. Test-data generators are in
// "@iqf/metrics/testing"; the special functions (erfc, normalCdf) are @iqf/core's.

// COCO detection evaluation: the explicit list of ./coco/index.ts (also the "./coco" subpath).
export * from "./coco/index.js";
export { metricDefinitions } from "./definitions.js";
export { type ChannelPlane, extractPlane, iquaflowPlanes } from "./images/channel-planes.js";
export { type DecodedInput, decodeMeasuredImage } from "./images/decode-image.js";
export {
  type ResolvedImages,
  resolveImageFiles,
  type SkippedFile,
} from "./images/resolve-image-files.js";
export { SNRMetric } from "./iquaflow-names.js";
export {
  compareGeneratedImages,
  type GeneratedImagesOptions,
  type ImageComparison,
} from "./reference/generated-images.js";
export { ImageSimilarityMetric } from "./reference/image-similarity-metric.js";
export { psnr, SSIM_WINDOW, ssim } from "./reference/similarity.js";
export type {
  EdgeDirection,
  EdgeMeasurement,
  EdgeRoiOptions,
  SharpnessMethod,
} from "./sharpness/edge-roi.js";
export {
  type ChannelSharpness,
  edgeDirections,
  type FigureStats,
  type SharpnessFigure,
  sharpnessFigures,
} from "./sharpness/measure-channel.js";
export {
  measurePlanesSharpness,
  measureSharpness,
  type SharpnessReport,
} from "./sharpness/measure-sharpness.js";
export {
  type ChannelSharpnessReport,
  type ImageSharpness,
  type SharpnessKey,
  type SharpnessValues,
  sharpnessKeys,
} from "./sharpness/measure-sharpness-file.js";
export { SharpnessMetric } from "./sharpness/sharpness-metric.js";
export type { SharpnessOptions } from "./sharpness/sharpness-options.js";
export type { ChannelSnr, SnrStatus } from "./snr/channel-snr.js";
export {
  aggregateSnr,
  type CombinedSnr,
  combineChannels,
  type SnrAggregates,
} from "./snr/combine-channels.js";
export { measureImageSnr, measurePlanesSnr, measureSnr, type SnrReport } from "./snr/measure-snr.js";
export type { ChannelSnrReport, ImageSnr } from "./snr/measure-snr-file.js";
export { SnrMetric } from "./snr/snr-metric.js";
export { type SnrMethod, type SnrOptions, snrMethods } from "./snr/snr-options.js";
