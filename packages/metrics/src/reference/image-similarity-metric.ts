import type { Metric, MetricContext, MetricValues } from "@iqf/core";
import {
  compareGeneratedImages,
  type GeneratedImagesOptions,
  type ImageComparison,
} from "./generated-images.js";
import { psnr, ssim } from "./similarity.js";

const comparisons: Readonly<Record<"psnr" | "ssim", ImageComparison>> = { psnr, ssim };

/**
 * PSNR or SSIM of an image-generation run (e.g. super-resolution): each image listed in the
 * run's `output.json` is compared with its ground-truth image (same file name, in `gtImages` or
 * the run's test/val dataset). Returns `psnr` (dB) or `ssim`, the mean over the images, with
 * `<name>_images` and `<name>_failed`; see {@link psnr} and {@link ssim} for the exact definitions.
 * @example
 * ```ts
 * const metric = new ImageSimilarityMetric("ssim", { gtImages: "data/hr/images" });
 * await metric.compute({ predictionsPath: "out/output.json", outputDir: "out" }); // { ssim: 0.91, … }
 * ```
 */
export class ImageSimilarityMetric implements Metric {
  /**
   * @param name - `psnr` or `ssim` (also the metric's name and its main key).
   * @param options - ground-truth folder and value range.
   */
  constructor(
    readonly name: "psnr" | "ssim",
    readonly options: GeneratedImagesOptions = {},
  ) {}

  /** @inheritDoc */
  compute(context: MetricContext): Promise<MetricValues> {
    return compareGeneratedImages(context, this.name, this.options, comparisons[this.name]);
  }
}
