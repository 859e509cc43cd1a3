import type { Metric, MetricContext, MetricValues } from "@iqf/core";
import { imagesFolderOf } from "../iq-metric/dataset-images.js";
import { measureSnr } from "./measure-snr.js";
import type { SnrOptions } from "./snr-options.js";

/**
 * iquaflow's `SNRMetric` as a `Metric` plugin: measures the images of the run's (modified)
 * dataset (`MetricContext.datasetPath`) and returns `snr_median`, `snr_mean`, `snr_std`
 * (linear mean/σ). Usable with `ExperimentInfo.applyMetricPerRun`.
 * @example
 * ```ts
 * const metric = new SnrMetric({ method: "hb" });
 * await metric.compute({ datasetPath: "data/ds_coco_dataset" }); // { snr_median: 28.91…, … }
 * ```
 */
export class SnrMetric implements Metric {
  /** @inheritDoc */
  readonly name = "snr";
  /** The three keys this metric returns. */
  readonly metricNames = ["snr_median", "snr_mean", "snr_std"] as const;

  /** @param options - estimator and its parameters (see {@link SnrOptions}); validated on first use. */
  constructor(readonly options: SnrOptions = {}) {}

  /** @inheritDoc */
  async compute(context: MetricContext): Promise<MetricValues> {
    const folder = await imagesFolderOf(context, this.name);
    const report = await measureSnr(folder, {
      ...this.options,
      signal: context.signal ?? this.options.signal,
    });
    return { snr_median: report.snr_median, snr_mean: report.snr_mean, snr_std: report.snr_std };
  }
}
