import { readFileSync } from "node:fs";
import { join } from "node:path";
import { measureSharpness, type SharpnessKey, sharpnessKeys } from "@iqf/metrics";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../../..");
const ref = JSON.parse(
  readFileSync(join(root, "fixtures/reference/iquaflow/iquaflow-ref.json"), "utf8"),
).sharpness;

/**
 * Keys of the COCO sample that agree with iquaflow's seed-42 values within iquaflow's own test
 * tolerance (15 %). MTF at Nyquist (all directions) and MTF at half Nyquist of "other" edges do
 * not: iquaflow derives them from a logistic ESF model whose spectrum has a heavy tail, while iqf
 * measures the super-sampled edge spectrum (true on synthetic edges, see sharpness-truth).
 */
const AGREEING: readonly SharpnessKey[] = [
  "RER_X",
  "RER_Y",
  "RER_other",
  "FWHM_X",
  "FWHM_Y",
  "FWHM_other",
  "MTF_halfNYQ_X",
  "MTF_halfNYQ_Y",
];

describe("sharpness on the COCO sample against iquaflow (seed 42)", () => {
  it("RER, FWHM and MTF at half Nyquist (X, Y) agree within 15 %; every key is measured", async () => {
    const report = await measureSharpness(join(root, "data/ds_coco_dataset"));
    const expected = ref.coco.aggregate_seed42 as Record<SharpnessKey, number>;
    for (const key of sharpnessKeys) expect(Number.isFinite(report[key])).toBe(true);
    for (const key of AGREEING)
      expect(Math.abs(report[key] / expected[key] - 1), key).toBeLessThanOrEqual(0.15);
  });
});
