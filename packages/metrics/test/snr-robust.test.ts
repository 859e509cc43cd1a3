import { measurePlanesSnr } from "@iqf/metrics";
import { SnrModifier } from "@iqf/modifiers";
import { describe, expect, it } from "vitest";
import { flatScene, memorySource, noisy8bit, plane, raster8, samplesOf } from "./iq-synthetic.js";

const W = 256;
const H = 256;

function meanOf(values: Float64Array): number {
  return values.reduce((a, v) => a + v, 0) / values.length;
}

describe("robust SNR is true on synthetic 8-bit images", () => {
  const cases = [60, 100, 140, 180].flatMap((mean) => [2, 4, 6, 8].map((sigma) => ({ mean, sigma })));
  it.each(cases)("μ=$mean σ=$sigma: within 2 % of μ/σ", ({ mean, sigma }) => {
    const clean = flatScene(W, H, mean, 40);
    const truth = meanOf(clean) / sigma;
    const result = measurePlanesSnr([plane(W, H, noisy8bit(clean, sigma, mean * 31 + sigma))], {
      method: "robust",
    });
    expect(Math.abs(result.snr / truth - 1)).toBeLessThan(0.02);
  });
});

describe("closed loop with the snr modifier", () => {
  it.each([10, 20, 40])(
    "the SNR asked of SnrModifier (%d) is what robust measures within 5 percent",
    async (target) => {
      const clean = flatScene(W, H, 120, 40);
      const modifier = new SnrModifier({ snr: target, initial_snr: 1e6, seed: 3 });
      const result = await modifier.modifyImage(memorySource(raster8(W, H, clean)), {
        index: 0,
        workDir: "/tmp",
      });
      const measured = measurePlanesSnr([plane(W, H, samplesOf(result))], { method: "robust" });
      expect(Math.abs(measured.snr / target - 1)).toBeLessThan(0.05);
    },
  );
});

describe("SNR failure modes have defined results", () => {
  /** Noisy image whose non-zero median is exactly 100.5. */
  function halfMedianImage(): Float64Array {
    const data = noisy8bit(new Float64Array(W * H).fill(100.5), 4, 11);
    let low = data.filter((v) => v <= 100).length;
    for (let i = 0; i < data.length && low !== (W * H) / 2; i++) {
      if (low > (W * H) / 2 && data[i] === 100) {
        data[i] = 101;
        low--;
      } else if (low < (W * H) / 2 && data[i] === 101) {
        data[i] = 100;
        low++;
      }
    }
    return data;
  }

  it.each(["hb", "ha"] as const)("%s: a median ending in .5 uses the neighbouring bins", (method) => {
    const image = [plane(W, H, halfMedianImage())];
    const original = measurePlanesSnr(image, { method, iquaflowFailures: true });
    expect(original.snr).toBeNaN();
    const fixed = measurePlanesSnr(image, { method });
    expect(fixed.channels[0]!.status).toBe("ok");
    expect(fixed.channels[0]!.signal).toBe(100.5);
    expect(fixed.snr).toBeGreaterThan(100.5 / 4 / 1.3);
    expect(fixed.snr).toBeLessThan((100.5 / 4) * 1.3);
  });

  it("hb: perfectly flat windows give status zero-noise instead of +∞", () => {
    const flat = [plane(W, H, new Float64Array(W * H).fill(100))];
    expect(measurePlanesSnr(flat, { method: "hb", iquaflowFailures: true }).snr).toBe(
      Number.POSITIVE_INFINITY,
    );
    const fixed = measurePlanesSnr(flat, { method: "hb" });
    expect(fixed.snr).toBeNaN();
    expect(fixed.channels[0]!.status).toBe("zero-noise");
    expect(measurePlanesSnr(flat, { method: "robust" }).channels[0]!.status).toBe("zero-noise");
  });

  it("hb: flat windows are left out only when they would make the noise 0", () => {
    const data = noisy8bit(new Float64Array(W * H).fill(100), 3, 5);
    data.fill(100, 0, (W * H * 3) / 4);
    const result = measurePlanesSnr([plane(W, H, data)], { method: "hb" });
    expect(result.channels[0]!.status).toBe("ok");
    expect(Number.isFinite(result.snr)).toBe(true);
  });

  it("ha: too few homogeneous windows and all-zero channels are named, not NaN surprises", () => {
    const tiny = measurePlanesSnr([plane(8, 8, noisy8bit(new Float64Array(64).fill(90), 2, 1))], {
      method: "ha",
    });
    expect(tiny.channels[0]!.status).toBe("too-few-windows");
    for (const method of ["hb", "ha", "robust"] as const) {
      const empty = measurePlanesSnr([plane(32, 32, new Float64Array(1024))], { method });
      expect(empty.channels[0]!.status).toBe("no-data");
      expect(empty.snr).toBeNaN();
    }
  });

  it("rejects invalid options with InvalidParams naming the field", () => {
    expect(() => measurePlanesSnr([], { method: "xx" as "hb" })).toThrow(/method/);
    expect(() => measurePlanesSnr([], { patchSize: 1 })).toThrow(/patchSize/);
  });
});
