import type { Metric, MetricContext, MetricValues } from "@iqf/core";
import { imagesFolderOf } from "../iq-metric/dataset-images.js";
import { measureSharpness } from "./measure-sharpness.js";
import { sharpnessKeys } from "./measure-sharpness-file.js";
import type { SharpnessOptions } from "./sharpness-options.js";

/**
 * iquaflow's `SharpnessMetric` as a `Metric` plugin: measures the images of the run's
 * (modified) dataset (`MetricContext.datasetPath`) and returns the 12 keys `RER_X` …
 * `MTF_halfNYQ_other` (mean over images; NaN for a direction without edges). Deterministic.
 * @example
 * ```ts
 * const values = await new SharpnessMetric().compute({ datasetPath: "data/ds_inria_dataset" });
 * values.RER_X; // relative edge response of near-vertical edges
 * ```
 */
export class SharpnessMetric implements Metric {
  /** @inheritDoc */
  readonly name = "sharpness";
  /** The 12 keys this metric returns, in iquaflow's order. */
  readonly metricNames = sharpnessKeys;

  /** @param options - edge selection parameters (see {@link SharpnessOptions}); validated on first use. */
  constructor(readonly options: SharpnessOptions = {}) {}

  /** @inheritDoc */
  async compute(context: MetricContext): Promise<MetricValues> {
    const folder = await imagesFolderOf(context, this.name);
    const report = await measureSharpness(folder, {
      ...this.options,
      signal: context.signal ?? this.options.signal,
    });
    return Object.fromEntries(sharpnessKeys.map((k) => [k, report[k]]));
  }
}
