import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type ImageFormat, InvalidFile, type Modifier, type Raster, type SourceImage } from "@iqf/core";
import { decodeImage, encodeRaster } from "@iqf/datasets";
import {
  addedNoiseSigma,
  addGaussianNoise,
  BlurModifier,
  GsdModifier,
  gaussianBlur,
  imageSeed,
  iquaflowBlur7x7,
  QuantModifier,
  SharpnessModifier,
  SnrModifier,
  sharpnessBlend,
} from "@iqf/modifiers";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { bandStats, context, makeRaster, resultRaster } from "./helpers.js";

const repo = join(import.meta.dirname, "../../..");
const photos = ["000000005802.jpg", "000000184613.jpg"].map((name) =>
  join(repo, "data/ds_coco_dataset/images", name),
);

/** A source backed by real file bytes, decoded as the pipeline decodes them. */
function fileSource(path: string, bytes: Uint8Array, format: ImageFormat): SourceImage {
  return {
    path,
    relativePath: path.split("/").pop()!,
    format,
    read: async () => bytes,
    decode: async () => (await decodeImage(bytes, path)).raster,
  };
}

/** The same image presented as an in-memory TIFF raster, which always takes the raster path. */
function rasterSource(raster: Raster, relativePath: string): SourceImage {
  return {
    path: `/memory/${relativePath}`,
    relativePath,
    format: "tiff",
    read: () => encodeRaster(raster, { format: "tiff" }),
    decode: async () => raster,
  };
}

/** Asserts that the libvips path writes exactly the file the raster path would for `bytes`. */
async function expectSameAsRasterPath(
  modifier: Modifier,
  path: string,
  bytes: Uint8Array,
  format: "jpeg" | "png",
) {
  const fused = await modifier.modifyImage(fileSource(path, bytes, format), context());
  expect(fused).toHaveProperty("encoded");
  const { raster } = await decodeImage(bytes, path);
  const viaRaster = await modifier.modifyImage(rasterSource(raster, "x.tif"), context());
  if (!("raster" in viaRaster)) throw new Error("the raster path must return a raster");
  const expected = await encodeRaster(viaRaster.raster, { format });
  expect(Buffer.from((fused as { encoded: Uint8Array }).encoded).equals(Buffer.from(expected))).toBe(true);
}

describe("libvips path (8-bit grey/RGB JPEG and PNG): same file as the raster path", () => {
  const modifiers = [
    new QuantModifier({ bits: 3 }),
    new GsdModifier({ scale: 2 }),
    new GsdModifier({ scale: 4, interpolation: 0 }),
    new GsdModifier({ scale: 1.5, interpolation: 3 }),
  ];

  it("on the sample photos as progressive JPEGs (baseline ones take libjpeg-turbo)", async () => {
    for (const path of photos) {
      const bytes = await sharp(await readFile(path))
        .jpeg({ progressive: true })
        .toBuffer();
      for (const modifier of modifiers) await expectSameAsRasterPath(modifier, path, bytes, "jpeg");
    }
  });

  it("on grey and RGB PNGs", async () => {
    for (const channels of [1, 3]) {
      const raster = makeRaster(45, 31, channels, "uint8", (x, y, c) => (x * 11 + y * 7 + c * 50) % 256);
      const bytes = await encodeRaster(raster, { format: "png" });
      for (const modifier of modifiers) await expectSameAsRasterPath(modifier, "/memory/p.png", bytes, "png");
    }
  });

  it("reports an image libvips cannot decode as InvalidFile naming it", async () => {
    const [path] = photos;
    const truncated = (await readFile(path!)).subarray(0, 4000);
    const failure = new QuantModifier().modifyImage(fileSource(path!, truncated, "jpeg"), context());
    await expect(failure).rejects.toBeInstanceOf(InvalidFile);
    await expect(failure).rejects.toThrow(path!);
  });
});

describe("worker-thread path (blur, sharpness, snr): same samples as the kernel run here", () => {
  it("blur (Gaussian and iquaflow's 7×7) on a JPEG photo and a grey+alpha PNG", async () => {
    const [path] = photos;
    const bytes = await readFile(path!);
    const { raster } = await decodeImage(bytes, path!);
    const out = await new BlurModifier({ sigma: 1.5 }).modifyImage(
      fileSource(path!, bytes, "jpeg"),
      context(),
    );
    const expected = await encodeRaster(await gaussianBlur(raster, 1.5), { format: "jpeg" });
    expect(Buffer.from((out as { encoded: Uint8Array }).encoded).equals(Buffer.from(expected))).toBe(true);

    const greyAlpha = makeRaster(33, 21, 2, "uint8", (x, y, c) => (c === 1 ? 200 : (x * 13 + y * 3) % 256));
    const png = await encodeRaster(greyAlpha, { format: "png" });
    const blurred = await resultRaster(
      await new BlurModifier({ sigma: 2, kernel: "iquaflow7x7" }).modifyImage(
        fileSource("/m/g.png", png, "png"),
        context(),
      ),
    );
    const grey = makeRaster(33, 21, 1, "uint8", (x, y) => (x * 13 + y * 3) % 256);
    const greyBlurred = iquaflowBlur7x7(grey, 2);
    expect(Array.from(blurred.data.filter((_, i) => i % 2 === 0))).toEqual(Array.from(greyBlurred.data));
    expect(blurred.data.filter((_, i) => i % 2 === 1).every((v) => v === 200)).toBe(true);
  });

  it("sharpness on a JPEG photo and an RGBA PNG (alpha kept)", async () => {
    const [path] = photos;
    const bytes = await readFile(path!);
    const { raster } = await decodeImage(bytes, path!);
    const out = await new SharpnessModifier({ sharpness: 2 }).modifyImage(
      fileSource(path!, bytes, "jpeg"),
      context(),
    );
    const expected = await encodeRaster(sharpnessBlend(raster, 2), { format: "jpeg" });
    expect(Buffer.from((out as { encoded: Uint8Array }).encoded).equals(Buffer.from(expected))).toBe(true);

    const rgba = makeRaster(30, 20, 4, "uint8", (x, y, c) => (c === 3 ? 99 : (x * 9 + y * 5 + c) % 256));
    const png = await encodeRaster(rgba, { format: "png" });
    const result = await resultRaster(
      await new SharpnessModifier({ sharpness: 0.5 }).modifyImage(
        fileSource("/m/a.png", png, "png"),
        context(),
      ),
    );
    expect(Array.from(result.data)).toEqual(Array.from(sharpnessBlend(rgba, 0.5, 3).data));
  });

  it("snr on a 16-bit TIFF returns the raster, seeded per image path", async () => {
    const flat = makeRaster(64, 48, 3, "uint16", (_x, _y, c) => 5000 * (c + 1));
    const source = rasterSource(flat, "deep/flat.tif");
    const out = await new SnrModifier({ snr: 30, initial_snr: 300, seed: 4 }).modifyImage(source, context());
    if (!("raster" in out)) throw new Error("a TIFF source gives a raster");
    const sigmas = [0, 1, 2].map((c) => addedNoiseSigma(bandStats(flat, c).mean, 300, 30));
    const expected = addGaussianNoise(flat, sigmas, imageSeed(4, "deep/flat.tif"));
    expect(Buffer.from(out.raster.data.buffer).equals(Buffer.from(expected.data.buffer))).toBe(true);
  });

  it("takes the decoded raster of a source that has no file, and gives a raster back", async () => {
    const raster = makeRaster(40, 30, 3, "uint8", (x, y, c) => (x * 5 + y * 9 + c * 70) % 256);
    const inMemory: SourceImage = {
      path: "/memory/m.png",
      relativePath: "m.png",
      format: "png",
      read: () => Promise.reject(new Error("no file")),
      decode: async () => raster,
    };
    const out = await new SharpnessModifier({ sharpness: 3 }).modifyImage(inMemory, context());
    if (!("raster" in out)) throw new Error("expected a raster");
    expect(Array.from(out.raster.data)).toEqual(Array.from(sharpnessBlend(raster, 3).data));
  });

  it("reports a damaged image as InvalidFile naming it", async () => {
    const [path] = photos;
    const truncated = (await readFile(path!)).subarray(0, 3000);
    const failure = new SnrModifier({ snr: 10 }).modifyImage(fileSource(path!, truncated, "jpeg"), context());
    await expect(failure).rejects.toBeInstanceOf(InvalidFile);
    await expect(failure).rejects.toThrow(path!);
    await expect(failure).rejects.toThrow(/cannot decode JPEG/);
  });
});
