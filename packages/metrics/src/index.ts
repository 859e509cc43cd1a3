export * from "./coco/index.js";
export * from "./images/index.js";
export * from "./sharpness/index.js";
export * from "./snr/index.js";
