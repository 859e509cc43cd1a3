export {
  checkDataset,
  type SanityOptions,
  sanityOptionsSchema,
} from "./check-dataset.js";
export { type SanityCode, sanityCodes } from "./codes.js";
export type { SanityFiles, SanitySource } from "./dataset-source.js";
export type { OpenRing, Point } from "./geometry/primitives.js";
export { repairPolygons } from "./geometry/repair.js";
export {
  type CleanPolygon,
  findInvalidity,
  type Invalidity,
  type InvalidityKind,
} from "./geometry/validity.js";
export type { FixAction, ImageRef, SanityFix, SanityProblem, SanityReport } from "./report.js";
