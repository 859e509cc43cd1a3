import { defineMetric, definePlugin, type IqfPlugin } from "@iqf/core";
import { z } from "zod";
import { ConfidenceMetric } from "./confidence-metric.js";

/**
 * The plugin: one metric type, `confidence`. Loaded by `--plugin @iqf/example-plugin-metric`,
 * `IQF_PLUGINS` or `plugins:` in an experiment file, then used as
 * `iqf apply <experiment> --metric confidence --param threshold=0.7` or
 * `metrics: [{ type: confidence, params: { threshold: 0.7 } }]`.
 */
export const plugin: IqfPlugin = definePlugin({
  name: "@iqf/example-plugin-metric",
  apiVersion: 1,
  metrics: {
    confidence: defineMetric({
      description: "detections in the run's output.json: count, mean score, share above a threshold",
      params: z.strictObject({
        threshold: z.coerce
          .number()
          .min(0)
          .max(1)
          .default(0.5)
          .describe("score above which a detection is confident"),
      }),
      create: ({ threshold }) => new ConfidenceMetric({ threshold }),
    }),
  },
});
