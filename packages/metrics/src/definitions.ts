import { resolve } from "node:path";
import { BboxDetectionMetrics } from "@iqf/coco";
import { defineMetric, type MetricContext, type MetricDefinition } from "@iqf/core";
import { z } from "zod";
import { ImageSimilarityMetric } from "./reference/image-similarity-metric.js";
import { SharpnessMetric } from "./sharpness/sharpness-metric.js";
import { SnrMetric } from "./snr/snr-metric.js";
import { snrMethods } from "./snr/snr-options.js";

const path = (what: string) =>
  z.string().min(1).describe(`${what} (relative to the experiment file or current folder)`);

function similarity(name: "psnr" | "ssim", description: string): MetricDefinition {
  return defineMetric({
    description,
    params: z.strictObject({
      gtImages: path(
        "folder of the ground-truth images; default: the run's test, else val, dataset",
      ).optional(),
      dataRange: z.coerce
        .number()
        .positive()
        .optional()
        .describe("sample value range L; default from the bit depth"),
    }),
    create: ({ gtImages, dataRange }, { baseDir }) =>
      new ImageSimilarityMetric(name, {
        ...(gtImages !== undefined && { gtImages: resolve(baseDir, gtImages) }),
        ...(dataRange !== undefined && { dataRange }),
      }),
  });
}

/**
 * iqf's own metrics as plugin entries: `bbox` (COCO detection, pycocotools-exact), `snr`,
 * `sharpness` (of the run's dataset images) and `psnr`, `ssim` (image-generation runs). Part of
 * the built-in plugin that the command line and experiment files load through the same registry
 * as third-party plugins.
 */
export const metricDefinitions: Readonly<Record<string, MetricDefinition>> = Object.freeze({
  bbox: defineMetric({
    description: "COCO bounding-box detection: the 12 pycocotools stats of the run's output.json",
    params: z.strictObject({
      gt: path("COCO ground-truth file; default: the one given to the command").optional(),
    }),
    create: ({ gt }, { baseDir }) => {
      const metric = new BboxDetectionMetrics();
      const groundTruthPath = gt === undefined ? undefined : resolve(baseDir, gt);
      return {
        name: metric.name,
        compute: (context: MetricContext) =>
          metric.compute({ ...context, ...(groundTruthPath && { groundTruthPath }) }),
      };
    },
  }),
  snr: defineMetric({
    description: "signal-to-noise ratio of the run's dataset images (snr_median, snr_mean, snr_std)",
    params: z.strictObject({
      method: z.enum(snrMethods).optional().describe("estimator; default hb"),
      patchSize: z.coerce
        .number()
        .int()
        .min(2)
        .max(256)
        .optional()
        .describe("window side in pixels; default 3"),
    }),
    create: (options) => new SnrMetric(options),
  }),
  sharpness: defineMetric({
    description: "edge sharpness of the run's dataset images (RER, FWHM, MTF per direction)",
    params: z.strictObject({
      method: z.enum(["slanted-edge", "iquaflow"]).optional().describe("estimator; default slanted-edge"),
    }),
    create: (options) => new SharpnessMetric(options),
  }),
  psnr: similarity("psnr", "PSNR (dB) of an image-generation run's images against their ground truth"),
  ssim: similarity(
    "ssim",
    "SSIM (Wang et al. 2004) of an image-generation run's images against their ground truth",
  ),
});
