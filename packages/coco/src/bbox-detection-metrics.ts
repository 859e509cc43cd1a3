import { InvalidParams, type Metric, type MetricContext, type MetricValues } from "@iqf/core";
import { evaluateCoco } from "./evaluate-coco.js";
import { COCO_STAT_NAMES, type CocoStatName } from "./names.js";
import type { CocoEvalOptions } from "./params.js";

/**
 * iquaflow's `BBDetectionMetrics` as a {@link Metric}: evaluates a run's COCO results file
 * (`predictionsPath`) against COCO ground truth (`groundTruthPath`) and returns the 12 summary
 * statistics under iquaflow's names (`ap_0.5-0.95_all`, ..., `ar_0.5-0.95_large`), identical
 * to pycocotools' values.
 *
 * @example
 * ```ts
 * const values = await new BboxDetectionMetrics().compute({
 *   predictionsPath: "run/output.json",
 *   groundTruthPath: "data/ds_coco_dataset/coco_annotations.json",
 * });
 * ```
 */
export class BboxDetectionMetrics implements Metric {
  /** Metric name used when logging. */
  readonly name = "bbdetection";
  /** The result keys, in pycocotools' `stats` order. */
  readonly metricNames: readonly CocoStatName[] = COCO_STAT_NAMES;

  /**
   * @param options - evaluation options passed to `evaluateCoco` (pycocotools' defaults when omitted).
   */
  constructor(private readonly options: Omit<CocoEvalOptions, "perImage" | "onProgress"> = {}) {}

  /**
   * Computes the 12 statistics for one run.
   *
   * @throws InvalidParams when the context lacks `predictionsPath` or `groundTruthPath`.
   * @throws InvalidFile when either file is missing or malformed.
   */
  async compute(context: MetricContext): Promise<MetricValues> {
    const missing = [
      context.predictionsPath === undefined ? "predictionsPath (the run's COCO results file)" : undefined,
      context.groundTruthPath === undefined ? "groundTruthPath (the COCO ground-truth file)" : undefined,
    ].filter((problem): problem is string => problem !== undefined);
    if (context.predictionsPath === undefined || context.groundTruthPath === undefined) {
      throw new InvalidParams(
        "BboxDetectionMetrics",
        missing.map((what) => `${what} is required`),
      );
    }
    const evaluation = await evaluateCoco(context.groundTruthPath, context.predictionsPath, this.options);
    return evaluation.stats;
  }
}
