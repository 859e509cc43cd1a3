// "@iqf/metrics/testing": synthetic images whose true sharpness is known analytically, and the
// seeded noise they use, for testing metrics and modifiers (not needed to measure images).
export {
  renderSlantedEdges,
  type SyntheticEdgesOptions,
  type SyntheticRectangle,
  seededNormal,
} from "./synthetic-edges.js";
