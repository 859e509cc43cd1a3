export {
  compareGeneratedImages,
  type GeneratedImagesOptions,
  type ImageComparison,
} from "./generated-images.js";
export { ImageSimilarityMetric } from "./image-similarity-metric.js";
export { psnr, SSIM_WINDOW, ssim } from "./similarity.js";
