// `@iqf/coco/evaluate`: evaluateCoco and pycocotools' summary table without the dataset schemas,
// so that it loads without zod (zod is loaded only to explain a malformed file or bad options).
// The command line imports this; everything here is also exported by the package root.
export type { CocoEvaluation, Float64NdArray } from "./evaluate-coco.js";
export { evaluateCoco } from "./evaluate-coco.js";
export { formatCocoSummary } from "./format-summary.js";
