import {
  BboxDetectionMetrics,
  COCO_STAT_NAMES,
  evaluateCoco,
  formatCocoSummary,
  formatFixed,
  numpyLinspace,
} from "@iqf/coco";
import { numpyMean, numpySum, pairwiseSum } from "@iqf/core";
import { describe, expect, it } from "vitest";
import { expected, referenceSet, setFiles } from "./coco-sets.js";

describe("numpy-compatible helpers", () => {
  it("numpyLinspace equals pycocotools' iouThrs and recThrs", () => {
    expect([...numpyLinspace(0.5, 0.95, 10)]).toEqual(expected.params.iouThrs);
    expect([...numpyLinspace(0, 1, 101)]).toEqual(expected.params.recThrs);
  });

  it("pairwise summation differs from a left-to-right loop, as numpy does", () => {
    const values = Array.from({ length: 1000 }, (_, i) => 1 / (i + 1));
    let leftToRight = 0;
    for (const v of values) leftToRight += v;
    expect(pairwiseSum(values)).not.toBe(leftToRight);
    expect(pairwiseSum(values.slice(0, 5))).toBe(values.slice(0, 5).reduce((a, b) => a + b, 0));
    expect(numpySum(values)).toBe(pairwiseSum(values));
    expect(numpyMean(values)).toBe(pairwiseSum(values) / 1000);
    const long = Array.from({ length: 20000 }, (_, i) => Math.sin(i) ** 2);
    expect(numpySum(long)).toBe(
      pairwiseSum(long, 0, 8192) + pairwiseSum(long, 8192, 16384) + pairwiseSum(long, 16384),
    );
  });

  it("formatFixed rounds exact halves to even like Python", () => {
    expect(formatFixed(0.0625, 3)).toBe("0.062");
    expect(formatFixed(0.1875, 3)).toBe("0.188");
    expect(formatFixed(0.3125, 3)).toBe("0.312");
    expect(formatFixed(-1, 3)).toBe("-1.000");
    expect(formatFixed(0.4734087090664204, 3)).toBe("0.473");
    expect(formatFixed(2.5, 0)).toBe("2");
  });
});

describe("evaluateCoco options", () => {
  it("accepts the ground truth and results as objects", async () => {
    const files = await setFiles("iqf-sample");
    const { readFile } = await import("node:fs/promises");
    const gt = JSON.parse(await readFile(files.gt, "utf8"));
    const dt = JSON.parse(await readFile(files.dt, "utf8"));
    const evaluation = await evaluateCoco(gt, dt);
    expect(COCO_STAT_NAMES.map((n) => evaluation.stats[n])).toEqual(referenceSet("iqf-sample").stats);
  });

  it("restricts to category and image subsets", async () => {
    const files = await setFiles("small");
    const full = await evaluateCoco(files.gt, files.dt);
    const one = await evaluateCoco(files.gt, files.dt, { categoryIds: [3] });
    expect(one.params.categoryIds).toEqual([3]);
    const fromFull = full.perCategory.find((c) => c.categoryId === 3);
    expect(one.stats["ap_0.5-0.95_all"]).toBe(fromFull?.ap);
    const images = full.params.imageIds.slice(0, 10);
    const subset = await evaluateCoco(files.gt, files.dt, { imageIds: [...images].reverse() });
    expect(subset.params.imageIds).toEqual(images);
    expect(subset.stats["ap_0.5-0.95_all"]).not.toBe(full.stats["ap_0.5-0.95_all"]);
  });

  it("uses custom IoU thresholds, maxDets and area ranges, with matching array shapes", async () => {
    const files = await setFiles("small");
    const evaluation = await evaluateCoco(files.gt, files.dt, {
      iouThresholds: [0.5, 0.75],
      maxDets: [100, 5, 20],
      areaRanges: [
        { label: "all", range: [0, 1e10] },
        { label: "tiny", range: [0, 100] },
      ],
    });
    expect(evaluation.params.maxDets).toEqual([5, 20, 100]);
    expect(evaluation.precision.shape).toEqual([2, 101, 10, 2, 3]);
    expect(evaluation.recall.shape).toEqual([2, 10, 2, 3]);
    expect(evaluation.stats["ap_0.5-0.95_small"]).toBe(-1);
    const full = await evaluateCoco(files.gt, files.dt);
    expect(evaluation.stats["ap_0.5_all"]).toBe(full.stats["ap_0.5_all"]);
    expect(formatCocoSummary(evaluation.stats, evaluation.params).split("\n")[6]).toBe(
      " Average Recall     (AR) @[ IoU=0.50:0.75 | area=   all | maxDets=  5 ] = " +
        formatFixed(evaluation.stats["ar_0.5-0.95_all_det_1"], 3),
    );
  });

  it("pools categories with useCats: false", async () => {
    const files = await setFiles("small");
    const evaluation = await evaluateCoco(files.gt, files.dt, { useCats: false });
    expect(evaluation.precision.shape).toEqual([10, 101, 1, 4, 3]);
    expect(evaluation.perCategory).toEqual([]);
    expect(evaluation.stats["ap_0.5-0.95_all"]).toBeGreaterThan(0);
  });

  it("reports progress once per category", async () => {
    const files = await setFiles("small");
    const events: number[] = [];
    await evaluateCoco(files.gt, files.dt, { onProgress: (e) => events.push(e.done) });
    expect(events).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});

describe("per-image error analysis", () => {
  it("is consistent with the evaluation counts on the small set", async () => {
    const files = await setFiles("small");
    const evaluation = await evaluateCoco(files.gt, files.dt, { perImage: true });
    const images = evaluation.perImage ?? [];
    expect(images).toHaveLength(100);
    const { readFile } = await import("node:fs/promises");
    const gt = JSON.parse(await readFile(files.gt, "utf8")) as {
      annotations: { image_id: number; iscrowd: number; id: number }[];
    };
    for (const image of images) {
      expect(image.outcomes.map((o) => o.iouThreshold)).toEqual([0.5, 0.75]);
      const objects = gt.annotations.filter((a) => a.image_id === image.imageId && a.iscrowd === 0).length;
      for (const outcome of image.outcomes) {
        expect(outcome.truePositives + outcome.falseNegatives).toBe(objects);
        expect(outcome.matches).toHaveLength(outcome.truePositives);
        expect(new Set(outcome.matches.map((m) => m.groundTruthId)).size).toBe(outcome.truePositives);
        for (const match of outcome.matches) expect(match.iou).toBeGreaterThanOrEqual(outcome.iouThreshold);
      }
      const [at50, at75] = image.outcomes;
      expect(at75?.truePositives).toBeLessThanOrEqual(at50?.truePositives ?? 0);
    }
    const totalTp = images.reduce((sum, image) => sum + (image.outcomes[0]?.truePositives ?? 0), 0);
    expect(totalTp).toBeGreaterThan(0);
    expect(images[0]?.fileName).toMatch(/\.jpg$/);
  });

  it("agrees with the recall at IoU 0.5 (true positives / objects over the whole set)", async () => {
    const files = await setFiles("iqf-sample");
    const evaluation = await evaluateCoco(files.gt, files.dt, { perImage: { iouThresholds: [0.5] } });
    const images = evaluation.perImage ?? [];
    const tp = images.reduce((s, i) => s + (i.outcomes[0]?.truePositives ?? 0), 0);
    const fn = images.reduce((s, i) => s + (i.outcomes[0]?.falseNegatives ?? 0), 0);
    const fp = images.reduce((s, i) => s + (i.outcomes[0]?.falsePositives ?? 0), 0);
    expect([tp, fn, fp]).toEqual([129, 0, 0]);
  });
});

describe("BboxDetectionMetrics", () => {
  it("returns iquaflow's 12 keys with pycocotools' values on the sample", async () => {
    const files = await setFiles("iqf-sample");
    const metric = new BboxDetectionMetrics();
    const values = await metric.compute({ predictionsPath: files.dt, groundTruthPath: files.gt });
    expect(Object.keys(values)).toEqual([...COCO_STAT_NAMES]);
    expect(Object.values(values)).toEqual(referenceSet("iqf-sample").stats);
    expect(metric.name).toBe("bbdetection");
  });
});
