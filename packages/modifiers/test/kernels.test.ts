import { normalCdf, type Raster } from "@iqf/core";
import {
  addGaussianNoise,
  convolveSeparable,
  extraBlurForRer,
  gaussianBlur,
  gaussianRadius,
  gaussianTaps,
  imageSeed,
  iquaflowBlur7x7,
  keepTopBits,
  kernelSigmaForRer,
  rerAfterDiscreteBlur,
  rerFromSigma,
  resampleDownUp,
  sampledGaussianBlur,
  sharpnessBlend,
  sigmaFromRer,
  varianceMatchedSigma,
} from "@iqf/modifiers";
import { describe, expect, it } from "vitest";
import { bandMeans } from "../src/kernels/noise.js";
import { normalQuantile } from "../src/kernels/normal.js";
import { keepTopBits8InPlace } from "../src/kernels/quantize.js";
import { sharpnessWeights } from "../src/kernels/sharpness.js";
import { WASM_MAX_SAMPLES } from "../src/kernels/wasm-module.js";
import { wasmBandMeans8, wasmGaussianNoise8 } from "../src/kernels/wasm-noise.js";
import { wasmKeepTopBits8InPlace } from "../src/kernels/wasm-quantize.js";
import { wasmSharpen8 } from "../src/kernels/wasm-sharpen.js";
import { bandStats, makeRaster } from "./helpers.js";

/** An 8-bit raster with a busy, deterministic texture. */
function textured8(width: number, height: number, channels: number): Raster {
  return makeRaster(width, height, channels, "uint8", (x, y, c) => (x * 37 + y * 91 + c * 53) % 256);
}

/** Largest per-sample gap between two rasters of the same shape, and the share of samples that differ. */
function gapsBetween(a: Raster, b: Raster): { worst: number; differing: number } {
  let worst = 0;
  let differing = 0;
  for (let i = 0; i < a.data.length; i++) {
    const gap = Math.abs(a.data[i]! - b.data[i]!);
    worst = Math.max(worst, gap);
    if (gap > 0) differing++;
  }
  return { worst, differing: differing / a.data.length };
}

describe("keepTopBits8InPlace", () => {
  it("gives keepTopBits' samples over the data itself, at any offset and length", () => {
    const raster = makeRaster(37, 5, 3, "uint8", (x, y, c) => (x * 53 + y * 17 + c * 101) % 256);
    for (const bits of [1, 4, 7, 8]) {
      const expected = Array.from(keepTopBits(raster, bits).data);
      for (const [start, end] of [
        [0, raster.data.length],
        [1, raster.data.length],
        [3, raster.data.length - 2],
        [2, 5],
      ] as const) {
        const copy = new Uint8Array(raster.data.length + 8);
        copy.set(raster.data, 3);
        const data = copy.subarray(3 + start, 3 + end);
        keepTopBits8InPlace(data, bits);
        expect(Array.from(data), `bits ${bits}, ${start}–${end}`).toEqual(expected.slice(start, end));
        expect(copy[2 + start], "the byte before is untouched").toBe(
          start === 0 ? 0 : raster.data[start - 1],
        );
      }
    }
    expect(() => keepTopBits8InPlace(new Uint8Array(4), 9)).toThrow(RangeError);
  });

  it("gives the same samples through WebAssembly, and refuses the same bits", async () => {
    const raster = makeRaster(61, 7, 3, "uint8", (x, y, c) => (x * 29 + y * 71 + c * 13) % 256);
    for (const bits of [1, 3, 8]) {
      const data = new Uint8Array(raster.data.length + 5);
      data.set(raster.data, 5);
      const view = data.subarray(5);
      await wasmKeepTopBits8InPlace(view, bits);
      expect(Array.from(view), `bits ${bits}`).toEqual(Array.from(keepTopBits(raster, bits).data));
    }
    await expect(wasmKeepTopBits8InPlace(new Uint8Array(4), 0)).rejects.toThrow(RangeError);
  });
});

describe("keepTopBits", () => {
  it("keeps the top bits of 8-bit samples (iquaflow's mask)", () => {
    const raster = makeRaster(4, 1, 1, "uint8", (x) => [200, 37, 255, 7]![x]!);
    expect(Array.from(keepTopBits(raster, 5).data)).toEqual([200, 32, 248, 0]);
    expect(Array.from(keepTopBits(raster, 1).data)).toEqual([128, 0, 128, 0]);
    expect(Array.from(keepTopBits(raster, 8).data)).toEqual([200, 37, 255, 7]);
  });

  it("keeps the top bits of 16-bit samples and stays 16-bit", () => {
    const raster = makeRaster(3, 1, 1, "uint16", (x) => [0xabcd, 0xffff, 0x0fff]![x]!);
    const out = keepTopBits(raster, 4);
    expect(out.sampleType).toBe("uint16");
    expect(Array.from(out.data)).toEqual([0xa000, 0xf000, 0x0000]);
    expect(Array.from(keepTopBits(raster, 12).data)).toEqual([0xabc0, 0xfff0, 0x0ff0]);
  });

  it("leaves bands after `bands` untouched and refuses impossible depths", () => {
    const raster = makeRaster(1, 1, 2, "uint8", () => 255);
    expect(Array.from(keepTopBits(raster, 2, 1).data)).toEqual([192, 255]);
    expect(() => keepTopBits(raster, 9)).toThrow(/1 to 8 for 8-bit/);
    expect(() =>
      keepTopBits(
        makeRaster(1, 1, 1, "float32", () => 0.5),
        4,
      ),
    ).toThrow(/float32/);
  });
});

/** Direct 2-D Gaussian convolution at one interior pixel, in float64. */
function directGaussian(raster: ReturnType<typeof makeRaster>, x: number, y: number, sigma: number): number {
  const radius = Math.ceil(6 * sigma);
  let sum = 0;
  let weight = 0;
  for (let dy = -radius; dy <= radius; dy++) {
    for (let dx = -radius; dx <= radius; dx++) {
      const w = Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
      sum += w * raster.data[(y + dy) * raster.width + x + dx]!;
      weight += w;
    }
  }
  return sum / weight;
}

describe("Gaussian blur", () => {
  const texture = makeRaster(64, 48, 1, "uint16", (x, y) =>
    Math.round(30000 + 20000 * Math.sin(x * 0.7) * Math.cos(y * 0.45)),
  );

  it("matches a directly computed 2-D Gaussian in the interior", async () => {
    for (const sigma of [1, 2.5]) {
      const out = await gaussianBlur(texture, sigma);
      expect(out.sampleType).toBe("uint16");
      for (const [x, y] of [
        [20, 20],
        [32, 24],
        [40, 30],
      ] as const) {
        expect(Math.abs(out.data[y * 64 + x]! - directGaussian(texture, x, y, sigma))).toBeLessThan(
          0.02 * 20000 * 0.05 + 2,
        );
      }
    }
  });

  it("preserves the mean of a flat image and of a periodic texture", async () => {
    const flat = makeRaster(32, 32, 3, "uint8", (_x, _y, c) => 50 + 60 * c);
    expect(Array.from((await gaussianBlur(flat, 3)).data)).toEqual(Array.from(flat.data));
    const stripes = makeRaster(64, 64, 1, "uint8", (x) => (x % 2 === 0 ? 0 : 200));
    const out = await gaussianBlur(stripes, 1.5);
    const interior = { ...out, data: out.data.filter((_, i) => i % 64 >= 8 && i % 64 < 56) };
    expect(bandStats(interior).mean).toBeCloseTo(100, 0);
    expect(bandStats(interior).std).toBeLessThan(1);
  });

  it("blurs N-band and 16-bit rasters band by band", async () => {
    const bands = makeRaster(16, 16, 5, "uint16", (x, _y, c) => (x < 8 ? 1000 : 60000) + c);
    const out = await gaussianBlur(bands, 1);
    expect(out.channels).toBe(5);
    const row = 8 * 16 * 5;
    for (let c = 0; c < 5; c++) {
      expect(out.data[row + 7 * 5 + c]).toBeGreaterThan(1000 + c);
      expect(out.data[row + 7 * 5 + c]).toBeLessThan(60000);
      expect(out.data[row + 0 * 5 + c]).toBe(1000 + c);
    }
  });

  it("matches the sampled separable kernel computed in JS", async () => {
    const sigma = varianceMatchedSigma(1.2);
    const js = convolveSeparable(texture, gaussianTaps(sigma, Math.ceil(4 * sigma)), "replicate");
    const native = await gaussianBlur(texture, 1.2);
    let worst = 0;
    for (let i = 0; i < js.data.length; i++) worst = Math.max(worst, Math.abs(js.data[i]! - native.data[i]!));
    expect(worst).toBeLessThanOrEqual(40); // ≤ 0.1 % of the 40 000 DN range (kernel truncation differs)
  });

  it("runs 8-bit data in WebAssembly within 1 DN of the float64 convolution, any size and band count", async () => {
    for (const [width, height, channels, sigma] of [
      [64, 48, 3, 2],
      [37, 5, 1, 0.7],
      [1, 9, 4, 3],
      [5, 1, 2, 1],
      [3, 3, 5, 6],
      [17, 13, 3, 0.2],
    ] as const) {
      const raster = textured8(width, height, channels);
      const taps = gaussianTaps(sigma, gaussianRadius(sigma));
      const reference = convolveSeparable(raster, taps, "replicate");
      const fast = await sampledGaussianBlur(raster, sigma);
      const { worst, differing } = gapsBetween(fast, reference);
      expect(worst, `${width}×${height}×${channels} σ ${sigma}`).toBeLessThanOrEqual(1);
      expect(differing).toBeLessThan(0.01); // only float32 ties at exactly .5
    }
  });

  it("blurs 8-bit images over the WebAssembly size limit (libvips path) as the WebAssembly path does", async () => {
    const width = 8192;
    const height = Math.ceil((WASM_MAX_SAMPLES + 1) / width);
    const value = (x: number, y: number) => (x * 7 + y * 13 + ((x * y) % 17)) % 256;
    const big = makeRaster(width, height, 1, "uint8", value);
    const blurred = await sampledGaussianBlur(big, 1.5);
    // The same blur of a strip (far from the strip's own edges) runs in WebAssembly.
    const strip = makeRaster(width, 60, 1, "uint8", (x, y) => value(x, y + 100));
    const stripBlurred = await sampledGaussianBlur(strip, 1.5);
    let worst = 0;
    for (let y = 20; y < 40; y++)
      for (let x = 0; x < width; x++)
        worst = Math.max(
          worst,
          Math.abs(blurred.data[(y + 100) * width + x]! - stripBlurred.data[y * width + x]!),
        );
    expect(worst).toBeLessThanOrEqual(1);
  });

  it("matches the variance of its nominal sigma, even below 1 px", () => {
    for (const sigma of [0.2, 0.4, 0.6, 1, 1.7]) {
      const matched = varianceMatchedSigma(sigma);
      const taps = gaussianTaps(matched, Math.ceil(5 * matched) + 1);
      const radius = (taps.length - 1) / 2;
      const variance = taps.reduce((sum, tap, i) => sum + tap * (i - radius) ** 2, 0);
      expect(Math.abs(variance - sigma * sigma) / (sigma * sigma)).toBeLessThan(2e-5);
    }
  });

  it("reproduces torchvision's 7-tap kernels for iquaflow's blur", () => {
    const one = [0.00443305, 0.05400558, 0.24203622, 0.39905027, 0.24203622, 0.05400558, 0.00443305];
    const two = [0.07015932, 0.13107488, 0.19071281, 0.21610592, 0.19071281, 0.13107488, 0.07015932];
    for (const [i, tap] of gaussianTaps(1, 3, "float32").entries()) expect(tap).toBeCloseTo(one[i]!, 7);
    for (const [i, tap] of gaussianTaps(2, 3, "float32").entries()) expect(tap).toBeCloseTo(two[i]!, 7);
    const impulse = makeRaster(9, 9, 1, "float32", (x, y) => (x === 4 && y === 4 ? 1 : 0));
    const out = iquaflowBlur7x7(impulse, 1);
    expect(out.data[4 * 9 + 4]).toBeCloseTo(0.39905027 ** 2, 6);
    expect(out.data[4 * 9 + 1]).toBeCloseTo(0.00443305 * 0.39905027, 6);
  });
});

describe("edge response model", () => {
  it("inverts RER = 2Φ(0.5/σ) − 1 in closed form", () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 12);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(rerFromSigma(1)).toBeCloseTo(0.3829249225480262, 12); // iquaflow's grid: 0.3829219886578287
    for (const rer of [0.05, 0.2, 0.3, 0.54, 0.9])
      expect(rerFromSigma(sigmaFromRer(rer))).toBeCloseTo(rer, 12);
  });

  it("agrees with iquaflow's σ table where its 14-px window does not truncate the LSF", () => {
    const iquaflow: [number, number][] = [
      [0.3, 1.293359653471118],
      [0.4, 0.9551625594211512],
      [0.5, 0.7424005571140874],
      [0.56, 0.6481821855007845],
      [0.6, 0.5948758116724322],
    ];
    for (const [rer, sigma] of iquaflow)
      expect(Math.abs(sigmaFromRer(rer) - sigma) / sigma).toBeLessThan(0.005);
    expect(extraBlurForRer(0.55, 0.3)).toBeCloseTo(1.110628, 1); // iquaflow: sigma_kernel 1.110628
    expect(() => extraBlurForRer(0.3, 0.5)).toThrow(/below the initial RER/);
    // above ~1 px the discrete kernel needs no correction
    expect(kernelSigmaForRer(0.55, 0.2)).toBeCloseTo(extraBlurForRer(0.55, 0.2), 2);
  });

  it("blurring a synthetic Gaussian edge by kernelSigmaForRer yields the target RER", async () => {
    for (const [initial, target] of [
      [0.6, 0.3],
      [0.5, 0.4],
      [0.45, 0.2],
      [0.7, 0.55],
      [0.9, 0.6],
      [0.3, 0.1],
    ] as const) {
      const sigma0 = sigmaFromRer(initial);
      const edge = makeRaster(64, 8, 1, "uint16", (x) =>
        Math.round(5000 + 50000 * normalCdf((x - 31.5) / sigma0)),
      );
      const out = await sampledGaussianBlur(edge, kernelSigmaForRer(initial, target));
      const row = 4 * 64;
      const measured = (out.data[row + 32]! - out.data[row + 31]!) / 50000;
      expect(Math.abs(measured - target)).toBeLessThan(0.002);
      expect(rerAfterDiscreteBlur(sigma0, gaussianTaps(1e-9, 0))).toBeCloseTo(initial, 12);
    }
  });
});

describe("sharpnessBlend", () => {
  it("is the identity at factor 1 and the 3×3 [1 1 1;1 5 1;1 1 1]/13 smoothing at factor 0", () => {
    const raster = makeRaster(5, 5, 1, "float32", (x, y) => (x === 2 && y === 2 ? 13 : 0));
    expect(Array.from(sharpnessBlend(raster, 1).data)).toEqual(Array.from(raster.data));
    const smooth = sharpnessBlend(raster, 0);
    expect(smooth.data[2 * 5 + 2]).toBeCloseTo(5, 6);
    expect(smooth.data[1 * 5 + 1]).toBeCloseTo(1, 6);
    expect(smooth.data[0]).toBe(0); // border kept
  });

  it("sharpens (factor 2) with rounding and clamping, on 1, 3 and 4 bands", () => {
    for (const channels of [1, 3, 4]) {
      const raster = makeRaster(4, 4, channels, "uint8", (x, y, c) => (x === 1 && y === 1 ? 130 : 0) + c);
      const out = sharpnessBlend(raster, 2, channels === 4 ? 3 : channels);
      const centre = (1 * 4 + 1) * channels;
      // 2·v − smooth(v): smooth = (5·130 + 0)/13 + c = 50 + c → 2(130 + c) − (50 + c) = 210 + c
      expect(out.data[centre]).toBe(210);
      expect(out.data[(2 * 4 + 2) * channels]).toBe(0); // −10 clamps to 0
      if (channels === 4) expect(out.data[centre + 3]).toBe(133); // alpha untouched
    }
  });

  it("runs 8-bit images in WebAssembly within 1 DN of the float64 blend, any size and band count", async () => {
    for (const [width, height, channels, factor] of [
      [64, 48, 3, 2],
      [3, 3, 1, 0],
      [9, 4, 4, 3.7],
      [5, 17, 2, 0.5],
      [31, 7, 5, 10],
    ] as const) {
      const raster = textured8(width, height, channels);
      const { centre, ring } = sharpnessWeights(factor);
      const simd = await wasmSharpen8(raster, centre - ring, ring);
      const reference = sharpnessBlend(raster, factor);
      const { worst, differing } = gapsBetween(simd, reference);
      expect(worst, `${width}×${height}×${channels} f ${factor}`).toBeLessThanOrEqual(1);
      expect(differing).toBeLessThan(0.01);
    }
  });

  it("returns tiny images unchanged", () => {
    const raster = makeRaster(2, 5, 1, "uint8", (x, y) => x * 50 + y);
    expect(Array.from(sharpnessBlend(raster, 3).data)).toEqual(Array.from(raster.data));
  });
});

describe("resampleDownUp", () => {
  it("keeps dimensions, band count and depth, and removes detail finer than the scale", async () => {
    const stripes = makeRaster(40, 30, 3, "uint16", (x) => (x % 2 === 0 ? 10000 : 50000));
    const out = await resampleDownUp(stripes, 2, "linear");
    expect([out.width, out.height, out.channels, out.sampleType]).toEqual([40, 30, 3, "uint16"]);
    const { mean, std } = bandStats(out);
    expect(mean).toBeGreaterThan(28000);
    expect(mean).toBeLessThan(32000);
    expect(std).toBeLessThan(2000); // antialiased: the 1-px stripes do not alias into the result
  });

  it("is close to the identity on smooth content and refuses a scale that leaves no pixel", async () => {
    const ramp = makeRaster(64, 64, 1, "uint8", (x, y) => x + y);
    const out = await resampleDownUp(ramp, 1.5, "cubic");
    expect(Math.abs(out.data[32 * 64 + 32]! - 64)).toBeLessThanOrEqual(1);
    await expect(resampleDownUp(ramp, 100, "linear")).rejects.toThrow(/reduces a 64×64 image to 0×0/);
  });
});

describe("addGaussianNoise", () => {
  const flat = makeRaster(256, 256, 2, "uint8", (_x, _y, c) => (c === 0 ? 100 : 200));

  it("adds noise of the requested σ per band, unbiased", () => {
    const out = addGaussianNoise(flat, [5, 2], 7);
    const first = bandStats(out, 0);
    const second = bandStats(out, 1);
    expect(first.mean).toBeCloseTo(100, 1);
    expect(Math.abs(first.std - Math.sqrt(25 + 1 / 12)) / 5).toBeLessThan(0.01);
    expect(second.mean).toBeCloseTo(200, 1);
    expect(Math.abs(second.std - Math.sqrt(4 + 1 / 12)) / 2).toBeLessThan(0.02);
  });

  it("is reproducible per seed and differs between seeds and images", () => {
    const a = addGaussianNoise(flat, [5, 5], 1);
    const b = addGaussianNoise(flat, [5, 5], 1);
    const c = addGaussianNoise(flat, [5, 5], 2);
    expect(Buffer.from(a.data.buffer).equals(Buffer.from(b.data.buffer))).toBe(true);
    expect(Buffer.from(a.data.buffer).equals(Buffer.from(c.data.buffer))).toBe(false);
    expect(imageSeed(0, "a.jpg")).not.toBe(imageSeed(0, "b.jpg"));
    expect(imageSeed(0, "a.jpg")).toBe(imageSeed(0, "a.jpg"));
  });

  it("gives the same samples and band means in WebAssembly for 8-bit rasters", async () => {
    for (const [width, height, channels, sigmas] of [
      [64, 48, 3, [3, 4, 5]],
      [33, 17, 4, [2, 2, 2]],
      [5, 3, 1, [40]],
      [7, 7, 5, [1, 2, 3, 4, 5]],
    ] as const) {
      const raster = makeRaster(
        width,
        height,
        channels,
        "uint8",
        (x, y, c) => (x * 37 + y * 11 + c * 71) % 256,
      );
      const js = addGaussianNoise(raster, sigmas, 2024);
      await wasmSharpen8(raster, 2, -0.1); // other kernels reuse the same memory in between
      const simd = await wasmGaussianNoise8(raster, sigmas, 2024);
      expect(Buffer.from(simd.data).equals(Buffer.from(js.data)), `${width}×${height}×${channels}`).toBe(
        true,
      );
      expect(Array.from(await wasmBandMeans8(raster))).toEqual(Array.from(bandMeans(raster)));
    }
  });

  it("draws noise with Gaussian tails", () => {
    const out = addGaussianNoise(
      makeRaster(512, 512, 1, "float32", () => 0),
      [1],
      3,
    );
    let beyond2 = 0;
    for (const v of out.data) if (Math.abs(v) > 2) beyond2++;
    expect(beyond2 / out.data.length).toBeCloseTo(0.0455, 2);
  });
});
