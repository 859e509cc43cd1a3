import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Raster } from "@iqf/core";
import {
  decodeImage,
  decodeJpegTurbo,
  encodeJpegTurbo,
  encodeRaster,
  type JpegTurboChroma,
  jpegTurboHeader,
  openSharpSource,
  withDecodedJpegTurbo,
} from "@iqf/datasets";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "./helpers.js";

const imagesDir = join(repoRoot, "data/ds_coco_dataset/images");
let names: string[];
let photo: Uint8Array;

beforeAll(async () => {
  names = (await readdir(imagesDir)).filter((name) => name.endsWith(".jpg")).sort();
  photo = await readFile(join(imagesDir, names[0]!));
});

/**
 * The samples sharp/libvips decodes with the pipeline's settings (stored samples, no ICC, no
 * rotation); a grey JPEG read as one band.
 */
async function sharpSamples(bytes: Uint8Array): Promise<Raster> {
  const grey = (await sharp(bytes).metadata()).channels === 1;
  const source = openSharpSource(bytes);
  if (grey) source.toColourspace("b-w");
  const { data, info } = await source.raw().toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    channels: info.channels,
    sampleType: "uint8",
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  };
}

/** The fast-path decode, failing the test when the fast path does not take the image. */
async function turboSamples(bytes: Uint8Array): Promise<Raster> {
  const raster = await decodeJpegTurbo(bytes);
  if (!raster) throw new Error("libjpeg-turbo did not take the image");
  return raster;
}

/** A `width`×`height` crop of a sample photo's samples, grey or RGB. */
async function photoRaster(width: number, height: number, grey = false): Promise<Raster> {
  const { data, info } = await sharp(photo)
    .extract({ left: 7, top: 5, width, height })
    .toColourspace(grey ? "b-w" : "srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width, height, channels: info.channels, sampleType: "uint8", data: new Uint8Array(data) };
}

/** Counts samples that differ between two rasters of the same geometry. */
function differing(a: Raster, b: Raster): number {
  expect([a.width, a.height, a.channels]).toEqual([b.width, b.height, b.channels]);
  let count = 0;
  for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) count++;
  return count;
}

describe("libjpeg-turbo decode", () => {
  it("gives sharp's samples for every sample image (ICC profiles and EXIF present, not applied)", async () => {
    for (const name of names) {
      const bytes = await readFile(join(imagesDir, name));
      const fast = await turboSamples(bytes);
      expect(differing(fast, await sharpSamples(bytes)), name).toBe(0);
      expect(differing((await decodeImage(bytes, name)).raster, fast), name).toBe(0);
    }
  });

  it("upsamples chroma as libvips does: 4:2:0, 4:2:2, 4:4:0 and 4:1:1 at odd sizes, and grey", async () => {
    const colour = await photoRaster(333, 217);
    const written: [string, Uint8Array][] = [
      [
        "sharp 4:2:0",
        await sharp(colour.data, { raw: { width: 333, height: 217, channels: 3 } })
          .jpeg()
          .toBuffer(),
      ],
    ];
    for (const chroma of ["4:4:4", "4:2:2", "4:2:0", "4:4:0", "4:1:1"] as JpegTurboChroma[]) {
      written.push([chroma, (await encodeJpegTurbo(colour, { quality: 90, chroma }))!]);
    }
    written.push([
      "grey",
      (await encodeJpegTurbo(await photoRaster(333, 217, true), { quality: 90, chroma: "4:4:4" }))!,
    ]);
    for (const [label, bytes] of written) {
      const fast = await turboSamples(bytes);
      expect(fast.channels, label).toBe(label === "grey" ? 1 : 3);
      expect(differing(fast, await sharpSamples(bytes)), label).toBe(0);
    }
  });

  it("keeps EXIF-rotated images as stored (no rotation), like sharp without .rotate()", async () => {
    const raster = await photoRaster(120, 80);
    const rotated = await sharp(raster.data, { raw: { width: 120, height: 80, channels: 3 } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect((await sharp(rotated).metadata()).orientation).toBe(6);
    const fast = await turboSamples(rotated);
    expect([fast.width, fast.height]).toEqual([120, 80]);
    expect(differing(fast, await sharpSamples(rotated))).toBe(0);
  });

  it("leaves progressive, CMYK and damaged JPEGs to sharp, which decodes or rejects them as before", async () => {
    const progressive = await sharp(photo).jpeg({ progressive: true }).toBuffer();
    const cmyk = await sharp(photo).toColourspace("cmyk").jpeg().toBuffer();
    for (const bytes of [progressive, cmyk]) {
      expect(jpegTurboHeader(bytes)).toBeUndefined();
      expect(await decodeJpegTurbo(bytes)).toBeUndefined();
    }
    const decoded = await decodeImage(progressive, "progressive.jpg");
    expect(differing(decoded.raster, await sharpSamples(progressive))).toBe(0);
    const truncated = photo.subarray(0, photo.length >> 1);
    expect(jpegTurboHeader(truncated)).toEqual({ width: 640, height: 479, channels: 3 });
    expect(await decodeJpegTurbo(truncated)).toBeUndefined();
    await expect(decodeImage(truncated, "cut.jpg")).rejects.toThrow(
      /cut\.jpg: cannot decode JPEG: .*premature end/,
    );
  });

  it("decodes into reused memory for work done within a callback: same samples, declines the same files", async () => {
    const buffers = new Set<ArrayBufferLike>();
    for (const name of names) {
      const bytes = await readFile(join(imagesDir, name));
      const expected = await turboSamples(bytes);
      const gaps = await withDecodedJpegTurbo(bytes, (raster) => {
        buffers.add(raster.data.buffer);
        return differing(raster, expected);
      });
      expect(gaps, name).toBe(0);
    }
    // One decode space serves every image of this sequential run (the largest is kept).
    expect(buffers.size).toBeLessThan(names.length);
    const progressive = await sharp(photo).jpeg({ progressive: true }).toBuffer();
    const truncated = photo.subarray(0, photo.length >> 1);
    for (const bytes of [progressive, truncated]) {
      let called = false;
      const use = () => {
        called = true;
      };
      expect(await withDecodedJpegTurbo(bytes, use)).toBeUndefined();
      expect(called).toBe(false);
    }
  });
});

describe("libjpeg-turbo encode", () => {
  it("writes the same bytes as sharp/libvips (quality, 4:4:4 or 4:2:0, grey; no JFIF segment)", async () => {
    const colour = await sharpSamples(photo);
    const grey = await photoRaster(200, 150, true);
    const cases: [Raster, number, "4:4:4" | "4:2:0"][] = [
      [colour, 95, "4:4:4"],
      [colour, 50, "4:2:0"],
      [colour, 5, "4:2:0"],
      [grey, 95, "4:4:4"],
    ];
    for (const [raster, quality, chroma] of cases) {
      const { width, height, channels } = raster;
      const expected = await sharp(raster.data, { raw: { width, height, channels: channels as 1 | 3 } })
        .toColourspace(channels === 1 ? "b-w" : "srgb")
        .jpeg({ quality, chromaSubsampling: chroma, optimiseCoding: false })
        .toBuffer();
      const fast = await encodeJpegTurbo(raster, { quality, chroma });
      expect(Buffer.compare(Buffer.from(fast!), expected), `${channels} bands q${quality} ${chroma}`).toBe(0);
      const viaRaster = await encodeRaster(raster, {
        format: "jpeg",
        jpegQuality: quality,
        jpegChroma: chroma,
      });
      expect(Buffer.compare(Buffer.from(viaRaster), expected)).toBe(0);
    }
  });

  it("declines what JPEG cannot hold, so encodeRaster still refuses it", async () => {
    const rgba = { width: 2, height: 2, channels: 4, sampleType: "uint8", data: new Uint8Array(16) } as const;
    const deep = {
      width: 2,
      height: 2,
      channels: 3,
      sampleType: "uint16",
      data: new Uint16Array(12),
    } as const;
    expect(await encodeJpegTurbo(rgba, { quality: 90, chroma: "4:4:4" })).toBeUndefined();
    expect(await encodeJpegTurbo(deep, { quality: 90, chroma: "4:4:4" })).toBeUndefined();
    await expect(encodeRaster(rgba, { format: "jpeg" })).rejects.toThrow(/alpha band/);
  });
});
