import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { ImageFailure, Raster } from "@iqf/core";
import { readRaster, writeRaster } from "@iqf/datasets";
import { ImageSimilarityMetric, psnr, SSIM_WINDOW, ssim } from "@iqf/metrics";
import { seededNormal } from "@iqf/metrics/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = resolve(import.meta.dirname, "../../..");
const K2 = 0.03;

function constant(value: number, width = 32, height = 32, channels = 3): Raster {
  return {
    width,
    height,
    channels,
    sampleType: "uint8",
    data: new Uint8Array(width * height * channels).fill(value),
  };
}

function floatNoise(seed: number, mean: number, sigma: number, base?: Raster): Raster {
  const size = 192;
  const normal = seededNormal(seed);
  const data = new Float32Array(size * size);
  for (let i = 0; i < data.length; i++) data[i] = (base ? base.data[i]! : mean) + sigma * normal();
  return { width: size, height: size, channels: 1, sampleType: "float32", data };
}

/** Σw² of the normalised 11×11 Gaussian window (σ = 1.5), computed independently of the kernel. */
function windowSquareSum(): number {
  const taps = Array.from({ length: 11 }, (_, i) => Math.exp(-((i - 5) ** 2) / (2 * 1.5 ** 2)));
  const total = taps.reduce((a, b) => a + b, 0);
  const squares = taps.reduce((a, t) => a + (t / total) ** 2, 0);
  return squares * squares;
}

describe("psnr and ssim on analytic cases", () => {
  it("identical images: SSIM 1 and PSNR +∞", () => {
    const image = floatNoise(1, 0.5, 0.1);
    expect(ssim(image, image, 1)).toBeCloseTo(1, 12);
    expect(psnr(image, image, 1)).toBe(Number.POSITIVE_INFINITY);
  });

  it("a constant offset: SSIM is the luminance term alone, PSNR = 10·log10(L²/c²)", () => {
    const a = constant(100);
    const b = constant(120);
    const c1 = (0.01 * 255) ** 2;
    expect(ssim(a, b, 255)).toBeCloseTo((2 * 100 * 120 + c1) / (100 ** 2 + 120 ** 2 + c1), 12);
    expect(psnr(a, b, 255)).toBeCloseTo(10 * Math.log10(255 ** 2 / 20 ** 2), 12);
  });

  it("a constant offset on a textured image keeps the structure term at 1", () => {
    const a = floatNoise(2, 0.5, 0.05);
    const b: Raster = { ...a, data: a.data.map((v) => v + 0.1) };
    const offset = ssim(a, b, 1);
    // l = (2μ(μ+c)+C1)/(μ²+(μ+c)²+C1) ≈ 0.9867 for μ = 0.5, c = 0.1; contrast-structure = 1 exactly.
    const c1 = 0.01 ** 2;
    expect(offset).toBeCloseTo((2 * 0.5 * 0.6 + c1) / (0.25 + 0.36 + c1), 3);
  });

  it("white noise of known variance on a flat image: SSIM ≈ C2/(σ²(1−Σw²)+C2), PSNR ≈ 10·log10(L²/σ²)", () => {
    const sigma = 0.05;
    const flat = floatNoise(3, 0.5, 0);
    const noisy = floatNoise(3, 0.5, sigma);
    const c2 = K2 ** 2;
    // The weighted local variance of white noise has expectation σ²(1 − Σw²).
    const expected = c2 / (sigma ** 2 * (1 - windowSquareSum()) + c2);
    expect(ssim(flat, noisy, 1) / expected).toBeGreaterThan(0.97);
    expect(ssim(flat, noisy, 1) / expected).toBeLessThan(1.06);
    expect(psnr(flat, noisy, 1)).toBeCloseTo(10 * Math.log10(1 / sigma ** 2), 1);
  });

  it("signal plus independent noise: SSIM ≈ (2S+C2)/(2S+N+C2)", () => {
    const signal = floatNoise(4, 0.5, 0.1);
    const noisy = floatNoise(5, 0, 0.05, signal);
    const keep = 1 - windowSquareSum();
    const s = 0.1 ** 2 * keep;
    const n = 0.05 ** 2 * keep;
    const c2 = K2 ** 2;
    expect(ssim(signal, noisy, 1)).toBeCloseTo((2 * s + c2) / (2 * s + n + c2), 2);
  });

  it("per band, then the mean of the bands", () => {
    const grey = floatNoise(6, 0.5, 0.1);
    const other = floatNoise(7, 0.5, 0.1);
    const twoBands = (x: Raster, y: Raster) => {
      const data = new Float32Array(x.data.length * 2);
      for (let i = 0; i < x.data.length; i++) {
        data[2 * i] = x.data[i]!;
        data[2 * i + 1] = y.data[i]!;
      }
      return { ...x, channels: 2, data };
    };
    const mixed = ssim(twoBands(grey, grey), twoBands(grey, other), 1);
    expect(mixed).toBeCloseTo((1 + ssim(grey, other, 1)) / 2, 12);
  });

  it("refuses different sizes, band counts and images smaller than the window", () => {
    expect(() => ssim(constant(1, 32, 32), constant(1, 32, 31), 255)).toThrow(
      /size mismatch: 32×32×3 against 32×31×3/,
    );
    expect(() => psnr(constant(1, 32, 32, 3), constant(1, 32, 32, 1), 255)).toThrow(/size mismatch/);
    expect(() => ssim(constant(1, 10, 40), constant(1, 10, 40), 255)).toThrow(
      `SSIM needs at least ${SSIM_WINDOW}×${SSIM_WINDOW} pixels, got 10×40`,
    );
  });
});

describe("ImageSimilarityMetric on an image-generation run", () => {
  let work: string;
  const gtFolder = join(repo, "data/ds_coco_dataset/images");

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "iqf-similarity-"));
    await mkdir(join(work, "out/sr"), { recursive: true });
    await copyFile(join(gtFolder, "000000005802.jpg"), join(work, "out/sr/000000005802.jpg"));
    const source = await readRaster(join(gtFolder, "000000060623.jpg"));
    // Same picture written as PNG, one sample level brighter: matched by stem, finite PSNR.
    const brighter = source.raster.data.map((v) => Math.min(255, v + 1));
    await writeRaster(join(work, "out/sr/000000060623.png"), { ...source.raster, data: brighter });
    const cropped = constant(0, 64, 64, 3);
    await writeRaster(join(work, "out/sr/000000184613.png"), cropped);
    await writeRaster(join(work, "out/sr/not-in-gt.png"), cropped);
    await writeFile(
      join(work, "out/output.json"),
      JSON.stringify([
        "sr/000000005802.jpg",
        "sr/000000060623.png",
        "sr/000000184613.png",
        "sr/not-in-gt.png",
      ]),
    );
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it("compares each generated image with its ground truth and names the images it cannot compare", async () => {
    const failures: ImageFailure[] = [];
    const context = {
      predictionsPath: join(work, "out/output.json"),
      outputDir: join(work, "out"),
      onImageFailure: (failure: ImageFailure) => failures.push(failure),
    };
    const values = await new ImageSimilarityMetric("ssim", { gtImages: gtFolder }).compute(context);
    expect(values.ssim_images).toBe(2);
    expect(values.ssim_failed).toBe(2);
    expect(values.ssim).toBeGreaterThan(0.99);
    expect(values.ssim).toBeLessThan(1);
    expect(failures.sort((a, b) => (a.file < b.file ? -1 : 1))).toEqual([
      {
        file: "sr/000000184613.png",
        error: expect.stringMatching(/^size mismatch: \d+×\d+×3 against 64×64×3/),
      },
      { file: "sr/not-in-gt.png", error: `no ground-truth image named not-in-gt.png in ${gtFolder}` },
    ]);
    const p = await new ImageSimilarityMetric("psnr", { gtImages: gtFolder }).compute(context);
    expect(p.psnr).toBe(Number.POSITIVE_INFINITY);
  });

  it("takes the ground truth from the run's test dataset", async () => {
    const copy = join(work, "only-brighter.json");
    await writeFile(copy, JSON.stringify(["sr/000000060623.png"]));
    const values = await new ImageSimilarityMetric("psnr").compute({
      predictionsPath: copy,
      outputDir: join(work, "out"),
      testDatasetPath: join(repo, "data/ds_coco_dataset"),
    });
    expect(values.psnr).toBeGreaterThan(45);
    expect(values.psnr).toBeLessThan(48.2);
  });

  it("refuses a run without ground truth, a bad output.json, or paths leaving the output folder", async () => {
    const context = { predictionsPath: join(work, "out/output.json"), outputDir: join(work, "out") };
    await expect(new ImageSimilarityMetric("psnr").compute(context)).rejects.toThrow(/give gtImages/);
    const bad = join(work, "bad.json");
    await writeFile(bad, JSON.stringify([{ path: "x.png" }]));
    await expect(
      new ImageSimilarityMetric("psnr", { gtImages: gtFolder }).compute({
        predictionsPath: bad,
        outputDir: work,
      }),
    ).rejects.toThrow(/JSON array of generated image paths/);
    const leaving = join(work, "escape.json");
    await writeFile(leaving, JSON.stringify(["../etc/passwd.png"]));
    await expect(
      new ImageSimilarityMetric("psnr", { gtImages: gtFolder }).compute({
        predictionsPath: leaving,
        outputDir: join(work, "out"),
      }),
    ).rejects.toMatchObject({
      code: "NO_IMAGES_MEASURED",
      message: expect.stringContaining("stay inside it"),
    });
  });
});
