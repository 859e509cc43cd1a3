export { erfc, normalCdf } from "@iqf/core";
export type { EdgeDirection, EdgeMeasurement, EdgeRoiOptions, SharpnessMethod } from "./edge-roi.js";
export {
  type ChannelSharpness,
  edgeDirections,
  type FigureStats,
  type SharpnessFigure,
  sharpnessFigures,
} from "./measure-channel.js";
export { measurePlanesSharpness, measureSharpness, type SharpnessReport } from "./measure-sharpness.js";
export {
  type ChannelSharpnessReport,
  type ImageSharpness,
  type SharpnessKey,
  type SharpnessValues,
  sharpnessKeys,
} from "./measure-sharpness-file.js";
export { SharpnessMetric } from "./sharpness-metric.js";
export type { SharpnessOptions } from "./sharpness-options.js";
export {
  renderSlantedEdges,
  type SyntheticEdgesOptions,
  type SyntheticRectangle,
  seededNormal,
} from "./synthetic-edges.js";
