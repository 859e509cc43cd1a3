import { join } from "node:path";
import * as coco from "@iqf/coco";
import * as metrics from "@iqf/metrics";
import * as metricsCoco from "@iqf/metrics/coco";
import { describe, expect, it } from "vitest";

const repoRoot = join(import.meta.dirname, "../../..");
const gt = join(repoRoot, "data/ds_coco_dataset/coco_annotations.json");
const dt = join(repoRoot, "data/predictions/coco_detect.json");

describe("@iqf/metrics re-exports @iqf/coco", () => {
  const evaluationApi = [
    "BBDetectionMetrics",
    "BboxDetectionMetrics",
    "COCO_DEFAULT_AREA_RANGES",
    "COCO_DEFAULT_MAX_DETS",
    "COCO_STAT_NAMES",
    "evaluateCoco",
    "formatCocoSummary",
    "formatFixed",
    "numpyLinspace",
  ] as const;

  it("the same functions and classes, from the root and from the ./coco subpath", () => {
    const [root, subpath, own] = [metrics, metricsCoco, coco].map((m) => new Map(Object.entries(m)));
    for (const name of evaluationApi) {
      expect(own?.get(name), name).toBeDefined();
      expect(root?.get(name), name).toBe(own?.get(name));
      expect(subpath?.get(name), name).toBe(own?.get(name));
    }
  });

  it("BboxDetectionMetrics from @iqf/metrics evaluates the sample as @iqf/coco does", async () => {
    const context = { predictionsPath: dt, groundTruthPath: gt };
    const viaMetrics = await new metrics.BboxDetectionMetrics().compute(context);
    const viaCoco = await new coco.BboxDetectionMetrics().compute(context);
    expect(viaMetrics).toEqual(viaCoco);
    expect(Object.keys(viaMetrics)).toEqual([...coco.COCO_STAT_NAMES]);
  });
});
