export * from "./coco/index.js";
export { metricDefinitions } from "./definitions.js";
export * from "./images/index.js";
export * from "./reference/index.js";
export * from "./sharpness/index.js";
export * from "./snr/index.js";
