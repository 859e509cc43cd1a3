import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { modifyDataset } from "@iqf/datasets";
import { measureSharpness, type SharpnessKey, sharpnessKeys } from "@iqf/metrics";
import { RerModifier } from "@iqf/modifiers";
import { afterAll, describe, expect, it } from "vitest";
import { iquaflowAbscissa, iquaflowEsfFigures } from "../src/sharpness/iquaflow-esf.js";
import { fitLogisticEsf } from "../src/sharpness/logistic-esf.js";

const root = join(import.meta.dirname, "../../..");
const ref = JSON.parse(
  readFileSync(join(root, "fixtures/reference/iquaflow/iquaflow-ref.json"), "utf8"),
).sharpness;

type Tolerances = Record<SharpnessKey, number>;

/** Every key within iquaflow's own test tolerance (15 %), except the listed ones. */
function tolerances(wider: Partial<Tolerances> = {}): Tolerances {
  return Object.fromEntries(sharpnessKeys.map((k) => [k, wider[k] ?? 0.15])) as Tolerances;
}

function expectAgreement(
  report: Record<SharpnessKey, number>,
  expected: Tolerances,
  limits: Tolerances,
): void {
  for (const key of sharpnessKeys) {
    expect(Number.isFinite(report[key]), key).toBe(true);
    expect(Math.abs(report[key] / expected[key] - 1), key).toBeLessThanOrEqual(limits[key]);
  }
}

describe("fitted logistic ESF (the iquaflow method's model)", () => {
  it("derives iquaflow's figures from a logistic ESF (spec §5.5: s = 0.4 → 0.5546, 1.410, ≈0.15)", () => {
    const x = iquaflowAbscissa(6);
    expect(x.length).toBe(120);
    // Any level and contrast (iquaflow works in DN): the figures depend on the scale only.
    const esf = x.map((v) => 40 + 120 / (1 + Math.exp(-v / 0.4)));
    const f = iquaflowEsfFigures(x, esf);
    expect(f).not.toBeNull();
    expect(f?.scale).toBeCloseTo(0.4, 4);
    expect(f?.rer).toBeCloseTo(0.5546, 3);
    expect(f?.fwhm).toBeCloseTo(1.41, 1);
    expect(Math.abs((f?.mtfNyquist ?? 0) - 0.1524)).toBeLessThan(0.01);
    expect(f?.mtfHalfNyquist).toBeGreaterThan(f?.mtfNyquist ?? 1);
  });

  it("rejects an ESF whose flat tails are noisy (iquaflow's edge SNR below 50)", () => {
    const x = iquaflowAbscissa(6);
    const esf = x.map((v, i) => 1 / (1 + Math.exp(-v / 0.4)) + (i % 2 === 0 ? 0.04 : -0.04));
    expect(iquaflowEsfFigures(x, esf)).toBeNull();
  });

  it("recovers level, step, position and scale of a sampled logistic", () => {
    const xs = Float64Array.from({ length: 61 }, (_, i) => -3 + i * 0.1);
    const ys = xs.map((x) => 0.05 + 0.9 / (1 + Math.exp(-(x - 0.2) / 0.55)));
    const fit = fitLogisticEsf(xs, ys);
    expect(fit).not.toBeNull();
    expect(fit?.d).toBeCloseTo(0.05, 6);
    expect(fit?.a).toBeCloseTo(0.9, 6);
    expect(fit?.b).toBeCloseTo(0.2, 6);
    expect(fit?.s).toBeCloseTo(0.55, 6);
    expect(fit?.r2).toBeCloseTo(1, 9);
  });
});

describe("method iquaflow against iquaflow's seed-42 aggregates", () => {
  const work = mkdtempSync(join(tmpdir(), "iqf-sharpness-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("COCO sample: all 12 keys within 15 %", async () => {
    const report = await measureSharpness(join(root, "data/ds_coco_dataset"), { method: "iquaflow" });
    expectAgreement(report, ref.coco.aggregate_seed42, tolerances());
    const again = await measureSharpness(join(root, "data/ds_coco_dataset"), {
      method: "iquaflow",
      concurrency: 1,
    });
    for (const key of sharpnessKeys) expect(again[key], key).toBe(report[key]);
  });

  it("inria sample: all 12 keys within 15 %", async () => {
    const report = await measureSharpness(join(root, "data/ds_inria_dataset"), { method: "iquaflow" });
    expectAgreement(report, ref.inria.aggregate_seed42, tolerances());
  });

  it("COCO after RerModifier(initial_rer 0.55, rer 0.3): 10 of 12 keys within 15 %", async () => {
    cpSync(join(root, "data/ds_coco_dataset"), join(work, "ds"), { recursive: true });
    const modified = await modifyDataset(join(work, "ds"), new RerModifier({ initial_rer: 0.55, rer: 0.3 }));
    const report = await measureSharpness(modified.output, { method: "iquaflow" });
    // MTF at Nyquist of X and Y edges is 0.0165 / 0.0162 here against iquaflow's 0.028 / 0.023: on such
    // blurred edges it is a steep function of the edges kept (RER is within 6 %). Emulating
    // iquaflow's blur exactly (zero padding, truncation, 4:2:0 JPEG) measures the same, and
    // iquaflow's own ESF stage run on iqf's edge patches gives 0.018 / 0.015, so the gap is in
    // which edges are found (iquaflow's Hough segments), not in the images or the ESF stage.
    expectAgreement(
      report,
      ref["coco_rer0.3"].aggregate_seed42,
      tolerances({ MTF_NYQ_X: 0.5, MTF_NYQ_Y: 0.4 }),
    );
  }, 300_000);
});
