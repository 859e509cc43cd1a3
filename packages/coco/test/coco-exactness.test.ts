import { COCO_STAT_NAMES, type CocoEvaluation, evaluateCoco, formatCocoSummary } from "@iqf/coco";
import { numpySum } from "@iqf/core";
import { beforeAll, describe, expect, it } from "vitest";
import { referenceArrays, referenceSet, type SetFiles, setFiles } from "./coco-sets.js";

/** Counts positions where two float sequences differ bit for bit (Object.is). */
function countDifferences(actual: ArrayLike<number>, reference: readonly number[]): number {
  let differences = Math.abs(actual.length - reference.length);
  for (let i = 0; i < Math.min(actual.length, reference.length); i++) {
    if (!Object.is(actual[i], reference[i])) differences++;
  }
  return differences;
}

describe.each(["iqf-sample", "small", "medium", "large"])("pycocotools exactness on the %s set", (name) => {
  const reference = referenceSet(name);
  let files: SetFiles;
  let evaluation: CocoEvaluation;

  beforeAll(async () => {
    files = await setFiles(name);
    evaluation = await evaluateCoco(files.gt, files.dt);
  }, 600_000);

  it("gives the 12 statistics bit for bit", () => {
    expect(COCO_STAT_NAMES.map((key) => evaluation.stats[key])).toEqual(reference.stats);
    for (const [i, key] of COCO_STAT_NAMES.entries()) {
      expect(Object.is(evaluation.stats[key], reference.stats[i]), key).toBe(true);
    }
  });

  it("gives the per-category AP, AP50 and counts bit for bit", () => {
    expect(
      evaluation.perCategory.map((c) => ({
        category_id: c.categoryId,
        name: c.name,
        ap: c.ap,
        ap50: c.ap50,
        n_gt: c.groundTruths,
        n_dt: c.detections,
      })),
    ).toEqual(reference.per_category_ap_all);
  });

  it("reproduces the precision/recall/scores fingerprints (shapes, -1 counts, numpy sums)", () => {
    for (const key of ["precision", "recall", "scores"] as const) {
      const fingerprint = reference.eval_fingerprints[key];
      const { data, shape } = evaluation[key];
      const valid = data.filter((value) => value > -1);
      expect(shape, key).toEqual(fingerprint.shape);
      expect(valid.length, key).toBe(fingerprint.count_valid);
      expect(data.length - valid.length, key).toBe(fingerprint.count_minus1);
      expect(numpySum(data), key).toBe(fingerprint.sum_all);
      expect(numpySum(valid), key).toBe(fingerprint.sum_valid);
    }
  });

  it("prints pycocotools' summary table character for character", () => {
    expect(`${formatCocoSummary(evaluation.stats, evaluation.params)}\n`).toBe(reference.summarize_output);
  });
});

describe.each([
  ["iqf-sample", "sample"],
  ["small", "small"],
] as const)("full pycocotools arrays on the %s set", (name, arraysName) => {
  it("has identical precision, recall and scores arrays (every element, bit for bit)", async () => {
    const files = await setFiles(name);
    const evaluation = await evaluateCoco(files.gt, files.dt);
    const reference = referenceArrays(arraysName);
    expect(countDifferences(evaluation.precision.data, reference.precision)).toBe(0);
    expect(countDifferences(evaluation.recall.data, reference.recall)).toBe(0);
    expect(countDifferences(evaluation.scores.data, reference.scores)).toBe(0);
  });
});
