import { normalCdf } from "@iqf/core";
import { measurePlanesSharpness, type SharpnessValues } from "@iqf/metrics";
import { renderSlantedEdges } from "@iqf/metrics/testing";
import { RerModifier } from "@iqf/modifiers";
import { describe, expect, it } from "vitest";
import { memorySource, plane, raster8, samplesOf } from "./iq-synthetic.js";

const SIZE = 260;
/** Rectangles tilted a few degrees (X and Y edges) and at 30° / 58° (other edges). */
const RECTANGLES = [
  { cx: 70, cy: 70, width: 90, height: 70, angle: 4 },
  { cx: 190, cy: 70, width: 80, height: 80, angle: -6 },
  { cx: 70, cy: 190, width: 80, height: 80, angle: 30 },
  { cx: 190, cy: 190, width: 80, height: 70, angle: 58 },
];
const SIGMAS = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2];

function truth(sigma: number) {
  const mtf = (f: number) => Math.exp(-2 * Math.PI ** 2 * sigma ** 2 * f ** 2);
  return {
    RER: 2 * normalCdf(0.5 / sigma) - 1,
    FWHM: 2 * Math.sqrt(2 * Math.LN2) * sigma,
    MTF_NYQ: mtf(0.5),
    MTF_halfNYQ: mtf(0.25),
  };
}

function measure(sigma: number): SharpnessValues {
  const data = renderSlantedEdges({
    width: SIZE,
    height: SIZE,
    rectangles: RECTANGLES,
    sigma,
    low: 50,
    high: 200,
    noise: 0.5,
    seed: 7,
  });
  return measurePlanesSharpness([plane(SIZE, SIZE, data)]).values;
}

const DIRECTIONS = ["X", "Y", "other"] as const;

describe("synthetic slanted edges (Gaussian PSF, exact pixel-centre sampling, light noise)", () => {
  const results = SIGMAS.map((sigma) => ({ sigma, truth: truth(sigma), measured: measure(sigma) }));

  it("measures every direction at every σ", () => {
    for (const { measured } of results)
      for (const d of DIRECTIONS) expect(measured[`RER_${d}`]).not.toBeNaN();
  });

  function meanRelativeError(figure: "RER" | "FWHM" | "MTF_halfNYQ", minimum = 0): number {
    const errors: number[] = [];
    for (const { truth: t, measured } of results) {
      if (t[figure] < minimum) continue;
      for (const d of DIRECTIONS) errors.push(Math.abs(measured[`${figure}_${d}`] / t[figure] - 1));
    }
    return errors.reduce((a, e) => a + e, 0) / errors.length;
  }

  it("RER: mean absolute relative error ≤ 2 %", () => {
    expect(meanRelativeError("RER")).toBeLessThanOrEqual(0.02);
  });

  it("FWHM: mean absolute relative error ≤ 3 %", () => {
    expect(meanRelativeError("FWHM")).toBeLessThanOrEqual(0.03);
  });

  it("MTF at half Nyquist: mean absolute relative error ≤ 5 % where the true value ≥ 0.01", () => {
    expect(meanRelativeError("MTF_halfNYQ", 0.01)).toBeLessThanOrEqual(0.05);
  });

  it("MTF at Nyquist: absolute error ≤ 0.01", () => {
    for (const { truth: t, measured } of results)
      for (const d of DIRECTIONS)
        expect(Math.abs(measured[`MTF_NYQ_${d}`] - t.MTF_NYQ)).toBeLessThanOrEqual(0.01);
  });
});

describe("sharpness behaviour", () => {
  it("is deterministic", () => {
    expect(measure(0.8)).toEqual(measure(0.8));
  });

  it("an image without edges is 'not measurable' (every key NaN), not a crash", () => {
    const flat = measurePlanesSharpness([plane(64, 64, new Float64Array(64 * 64).fill(120))]);
    for (const value of Object.values(flat.values)) expect(value).toBeNaN();
    const empty = measurePlanesSharpness([plane(64, 64, new Float64Array(64 * 64))]);
    for (const value of Object.values(empty.values)) expect(value).toBeNaN();
  });

  it("rejects invalid options with InvalidParams naming the field", () => {
    expect(() => measurePlanesSharpness([], { binWidth: 0 })).toThrow(/binWidth/);
  });
});

describe("closed loop with the rer modifier", () => {
  it.each([0.45, 0.3, 0.2])(
    "the RER asked of RerModifier (%f) is what the metric measures (±0.02)",
    async (target) => {
      const sigma0 = 0.6;
      const initial = 2 * normalCdf(0.5 / sigma0) - 1;
      const data = renderSlantedEdges({
        width: SIZE,
        height: SIZE,
        rectangles: RECTANGLES,
        sigma: sigma0,
        low: 50,
        high: 200,
        noise: 0.5,
        seed: 9,
      });
      const modifier = new RerModifier({ rer: target, initial_rer: initial });
      const result = await modifier.modifyImage(memorySource(raster8(SIZE, SIZE, data)), {
        index: 0,
        workDir: "/tmp",
      });
      const measured = measurePlanesSharpness([plane(SIZE, SIZE, samplesOf(result))]).values;
      for (const d of DIRECTIONS) expect(Math.abs(measured[`RER_${d}`] - target)).toBeLessThanOrEqual(0.02);
    },
  );
});
