import { readFile } from "node:fs/promises";
import { InvalidFile, InvalidParams, type Metric, type MetricContext, type MetricValues } from "@iqf/core";

/** One detection of a COCO-style results file; only `score` is read. */
interface Detection {
  readonly score?: unknown;
}

/**
 * Confidence statistics of a run's detections: how many there are, their mean score and the
 * share above `threshold`. It reads the run's predictions (`output.json`, a COCO results array)
 * and needs nothing but the `Metric` interface of `@iqf/core`.
 * @example
 * ```ts
 * const metric = new ConfidenceMetric({ threshold: 0.5 });
 * await metric.compute({ predictionsPath: "mlruns/0/<run>/artifacts/output.json" });
 * // { detections: 130, mean_score: 0.61, share_confident: 0.58 }
 * ```
 */
export class ConfidenceMetric implements Metric {
  /** @inheritDoc */
  readonly name = "confidence";
  /** Score above which a detection counts as confident. */
  readonly threshold: number;

  /** @param options - `threshold` in [0, 1] (default 0.5). */
  constructor(options: { readonly threshold?: number } = {}) {
    const threshold = options.threshold ?? 0.5;
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new InvalidParams("confidence metric", [`threshold=${threshold}: give a number between 0 and 1`]);
    }
    this.threshold = threshold;
  }

  /** @inheritDoc */
  async compute(context: MetricContext): Promise<MetricValues> {
    const file = context.predictionsPath;
    if (!file) throw new InvalidParams("confidence metric", ["predictionsPath: the run has no output.json"]);
    const parsed: unknown = JSON.parse(await readFile(file, "utf8"));
    if (!Array.isArray(parsed)) throw new InvalidFile(file, "expected a JSON array of detections");
    const scores = (parsed as Detection[]).map((d, i) => {
      if (typeof d.score !== "number") throw new InvalidFile(file, `[${i}].score: expected a number`);
      return d.score;
    });
    const total = scores.reduce((a, s) => a + s, 0);
    return {
      detections: scores.length,
      mean_score: scores.length > 0 ? total / scores.length : Number.NaN,
      share_confident:
        scores.length > 0 ? scores.filter((s) => s > this.threshold).length / scores.length : Number.NaN,
    };
  }
}
