export { erfc, normalCdf } from "@iqf/core";
export type { EdgeDirection, EdgeMeasurement, EdgeRoiOptions, SharpnessMethod } from "./edge-roi.js";
export {
  type ChannelSharpness,
  edgeDirections,
  type FigureStats,
  type SharpnessFigure,
  sharpnessFigures,
} from "./measure-channel.js";
export {
  type ChannelSharpnessReport,
  type ImageSharpness,
  measurePlanesSharpness,
  measureSharpness,
  type SharpnessKey,
  type SharpnessOptions,
  type SharpnessReport,
  type SharpnessValues,
  sharpnessKeys,
} from "./measure-sharpness.js";
export { SharpnessMetric } from "./sharpness-metric.js";
export {
  renderSlantedEdges,
  type SyntheticEdgesOptions,
  type SyntheticRectangle,
  seededNormal,
} from "./synthetic-edges.js";
