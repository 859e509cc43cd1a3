import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRaster, InvalidFile } from "@iqf/core";
import {
  decodeImage,
  encodeRaster,
  readRaster,
  readTiffMetadata,
  sniffImageFormat,
  writeRaster,
} from "@iqf/datasets";
import { fromArrayBuffer } from "geotiff";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeTiff } from "../src/tiff-read.js";
import { repoRoot } from "./helpers.js";

const geoFile = join(repoRoot, "data/ds_geo_dataset/images/sample_geotiff_733601_3725139.tif");
const inriaFile = join(repoRoot, "data/ds_inria_dataset/images/bellingham1+1024.tif");
const jpegFile = join(repoRoot, "data/ds_coco_dataset/images/000000005802.jpg");
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "iqf-raster-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function geoImage(bytes: Uint8Array) {
  return (await fromArrayBuffer(bytes.slice().buffer as ArrayBuffer)).getImage();
}

function ramp(raster: ReturnType<typeof createRaster>, step: number): void {
  const max = raster.sampleType === "uint16" ? 65536 : 256;
  for (let i = 0; i < raster.data.length; i++) raster.data[i] = (i * step) % max;
}

describe("readRaster", () => {
  it("decodes an image by its content, at its stored size (no EXIF rotation)", async () => {
    const { raster, format } = await readRaster(jpegFile);
    expect(format).toBe("jpeg");
    expect([raster.width, raster.height, raster.channels, raster.sampleType]).toEqual([640, 479, 3, "uint8"]);
    expect(raster.data.length).toBe(640 * 479 * 3);
  });

  it("decodes the 16-bit single-band GeoTIFF sample with its georeferencing", async () => {
    const { raster, format, tiff } = await readRaster(geoFile);
    expect(format).toBe("tiff");
    expect([raster.width, raster.height, raster.channels, raster.sampleType]).toEqual([90, 90, 1, "uint16"]);
    expect(Math.max(...raster.data)).toBeGreaterThan(255);
    expect(tiff?.tags.map((tag) => tag.id)).toEqual([33550, 33922, 34735, 34737, 42113]);
    const reference = await (await geoImage(await readFile(geoFile))).readRasters({ interleave: true });
    expect(Array.from(raster.data)).toEqual(Array.from(reference as Uint16Array));
  });

  it("decodes TIFF pixels identically through libvips and geotiff", async () => {
    for (const file of [geoFile, inriaFile]) {
      const bytes = await readFile(file);
      const fast = await decodeTiff(bytes);
      const reference = await decodeTiff(bytes, { engine: "geotiff" });
      expect(fast.raster.sampleType).toBe(reference.raster.sampleType);
      expect(
        Buffer.compare(
          Buffer.from(fast.raster.data.buffer, fast.raster.data.byteOffset, fast.raster.data.byteLength),
          Buffer.from(
            reference.raster.data.buffer,
            reference.raster.data.byteOffset,
            reference.raster.data.byteLength,
          ),
        ),
      ).toBe(0);
    }
  });

  it("round-trips every grey/RGB(A) TIFF layout, 8 and 16 bit, through both pixel decoders", async () => {
    for (const channels of [1, 2, 3, 4]) {
      for (const sampleType of ["uint8", "uint16"] as const) {
        const raster = createRaster(19, 6, channels, sampleType);
        ramp(raster, sampleType === "uint16" ? 1237 : 11);
        const bytes = await encodeRaster(raster, { format: "tiff" });
        for (const engine of ["auto", "geotiff"] as const) {
          const decoded = await decodeTiff(bytes, { engine });
          expect(
            [decoded.raster.channels, decoded.raster.sampleType],
            `${channels} ${sampleType} ${engine}`,
          ).toEqual([channels, sampleType]);
          expect(Array.from(decoded.raster.data), `${channels} ${sampleType} ${engine}`).toEqual(
            Array.from(raster.data),
          );
        }
      }
    }
  });

  it("reports a truncated or non-image file as InvalidFile naming it", async () => {
    const truncated = join(dir, "truncated.jpg");
    await writeFile(truncated, (await readFile(jpegFile)).subarray(0, 5000));
    const error = await readRaster(truncated).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidFile);
    expect((error as Error).message).toContain(truncated);
    const text = join(dir, "text.png");
    await writeFile(text, "hello");
    await expect(readRaster(text)).rejects.toThrow(/not a JPEG, PNG or TIFF image/);
    await expect(readRaster(join(dir, "missing.png"))).rejects.toThrow(/cannot read/);
  });
});

describe("GeoTIFF writing", () => {
  for (const [label, file] of [
    ["16-bit ds_geo_dataset", geoFile],
    ["8-bit RGB LZW ds_inria_dataset", inriaFile],
  ] as const) {
    it(`round-trips ${label}: pixels, depth, bands and every geo tag equal`, async () => {
      const source = await readRaster(file);
      const out = join(dir, `roundtrip-${label.length}.tif`);
      await writeRaster(out, source.raster, { tiff: source.tiff! });
      const bytes = await readFile(out);
      const [before, after] = await Promise.all([geoImage(await readFile(file)), geoImage(bytes)]);
      for (const name of [
        "GeoKeyDirectory",
        "GeoAsciiParams",
        "GeoDoubleParams",
        "ModelPixelScale",
        "ModelTiepoint",
        "ModelTransformation",
        "GDAL_NODATA",
        "GDAL_METADATA",
      ]) {
        const a = (before.fileDirectory as Record<string, unknown>)[name];
        const b = (after.fileDirectory as Record<string, unknown>)[name];
        expect(b === undefined ? undefined : Array.from(b as ArrayLike<unknown>), name).toEqual(
          a === undefined ? undefined : Array.from(a as ArrayLike<unknown>),
        );
      }
      expect(after.getBitsPerSample()).toBe(before.getBitsPerSample());
      expect(after.getSamplesPerPixel()).toBe(before.getSamplesPerPixel());
      if (before.getGeoKeys()) {
        expect(after.getGeoKeys()).toEqual(before.getGeoKeys());
        expect(after.getOrigin()).toEqual(before.getOrigin());
        expect(after.getResolution()).toEqual(before.getResolution());
        expect(after.getGDALNoData()).toBe(0);
      }
      const [a, b] = await Promise.all([
        before.readRasters({ interleave: true }),
        after.readRasters({ interleave: true }),
      ]);
      expect(
        Buffer.compare(Buffer.from((a as Uint8Array).buffer), Buffer.from((b as Uint8Array).buffer)),
      ).toBe(0);
      expect(bytes.length).toBeLessThan((await readFile(file)).length * 1.5);
    });
  }

  it("writes multi-band 16-bit rasters with a model transformation, GDAL metadata and nodata", async () => {
    const raster = createRaster(33, 7, 5, "uint16");
    ramp(raster, 4099);
    const tags = [
      { id: 34264, value: [0.3, 0, 0, 500000, 0, -0.3, 0, 4000000, 0, 0, 0, 0, 0, 0, 0, 1] },
      { id: 34735, value: [1, 1, 0, 2, 1024, 0, 1, 1, 3072, 0, 1, 32631] },
      { id: 42112, value: '<GDALMetadata><Item name="BAND" sample="0">blue</Item></GDALMetadata>\0' },
      { id: 42113, value: "65535\0" },
    ];
    const bytes = await encodeRaster(raster, {
      format: "tiff",
      tiff: { compression: 5, photometric: 1, extraSamples: [0, 0, 0, 0], tags },
    });
    expect(sniffImageFormat(bytes)).toBe("tiff");
    const image = await geoImage(bytes);
    expect(image.getSamplesPerPixel()).toBe(5);
    expect(image.getBitsPerSample()).toBe(16);
    expect(image.getGDALNoData()).toBe(65535);
    expect(image.getGeoKeys()).toMatchObject({ ProjectedCSTypeGeoKey: 32631 });
    expect(image.getOrigin()).toEqual([500000, 4000000, 0]);
    const metadata = await readTiffMetadata(bytes);
    expect(metadata.tags).toEqual(tags);
    const decoded = await decodeImage(bytes, "multi.tif");
    expect(decoded.raster.channels).toBe(5);
    expect(Array.from(decoded.raster.data)).toEqual(Array.from(raster.data));
  });

  it("writes uncompressed when the source was, and float32 samples", async () => {
    const raster = createRaster(4, 3, 1, "float32");
    raster.data.set([0.5, -1.25, 3e9, Number.NaN]);
    const bytes = await encodeRaster(raster, {
      format: "tiff",
      tiff: { compression: 1, photometric: 1, extraSamples: [], tags: [] },
    });
    const image = await geoImage(bytes);
    expect((image.fileDirectory as Record<string, unknown>).Compression).toBe(1);
    const decoded = await decodeImage(bytes, "f.tif");
    expect(decoded.raster.sampleType).toBe("float32");
    expect(Array.from(decoded.raster.data)).toEqual(Array.from(raster.data));
  });
});

describe("CMYK", () => {
  it("writes a CMYK TIFF source back as CMYK, not as grey with three extra bands", async () => {
    const raster = createRaster(6, 5, 4, "uint8");
    ramp(raster, 7);
    const cmykTiff = { compression: 8, photometric: 5, extraSamples: [], tags: [] };
    const bytes = await encodeRaster(raster, { format: "tiff", tiff: cmykTiff });
    expect((await readTiffMetadata(bytes)).photometric).toBe(5);
    expect((await sharp(bytes).metadata()).space).toBe("cmyk");
    const decoded = await decodeImage(bytes, "c.tif");
    expect(Array.from(decoded.raster.data)).toEqual(Array.from(raster.data));
  });

  it("decodes a CMYK JPEG to its four ink bands and writes them back as CMYK on request", async () => {
    const rgb = await sharp(jpegFile).resize(64, 48).toColourspace("srgb").raw().toBuffer();
    const jpeg = await sharp(rgb, { raw: { width: 64, height: 48, channels: 3 } })
      .toColourspace("cmyk")
      .jpeg({ quality: 95 })
      .toBuffer();
    const ink = await sharp(jpeg).pipelineColourspace("cmyk").toColourspace("cmyk").raw().toBuffer();
    const { raster } = await decodeImage(jpeg, "cmyk.jpg");
    expect(raster.channels).toBe(4);
    expect(Buffer.from(raster.data.buffer, raster.data.byteOffset, raster.data.byteLength).equals(ink)).toBe(
      true,
    );
    await expect(encodeRaster(raster, { format: "jpeg" })).rejects.toThrow(/alpha/);
    const written = await encodeRaster(raster, { format: "jpeg", cmyk: true });
    expect((await sharp(written).metadata()).space).toBe("cmyk");
    const back = (await decodeImage(written, "back.jpg")).raster;
    let error = 0;
    for (let i = 0; i < raster.data.length; i++) error += Math.abs(raster.data[i]! - back.data[i]!);
    expect(error / raster.data.length).toBeLessThan(2);
  });
});

describe("PNG and JPEG writing", () => {
  it("keeps 16-bit and 1, 2, 3 and 4 bands losslessly in PNG", async () => {
    for (const channels of [1, 2, 3, 4]) {
      for (const sampleType of ["uint8", "uint16"] as const) {
        const raster = createRaster(17, 5, channels, sampleType);
        ramp(raster, sampleType === "uint16" ? 977 : 7);
        const out = join(dir, `p${channels}${sampleType}.png`);
        await writeRaster(out, raster);
        const meta = await sharp(out).metadata();
        expect(meta.channels).toBe(channels);
        expect(meta.depth).toBe(sampleType === "uint16" ? "ushort" : "uchar");
        const back = await readRaster(out);
        expect(back.raster.channels).toBe(channels);
        expect(back.raster.sampleType).toBe(sampleType);
        expect(Array.from(back.raster.data)).toEqual(Array.from(raster.data));
      }
    }
  });

  it("writes JPEG at high quality and refuses data JPEG cannot hold instead of clipping it", async () => {
    const { raster } = await readRaster(jpegFile);
    const bytes = await encodeRaster(raster, { format: "jpeg" });
    const back = await decodeImage(bytes, "q.jpg");
    let error = 0;
    for (let i = 0; i < raster.data.length; i++) error += Math.abs(raster.data[i]! - back.raster.data[i]!);
    expect(error / raster.data.length).toBeLessThan(2);
    await expect(writeRaster(join(dir, "deep.jpg"), createRaster(4, 4, 3, "uint16"))).rejects.toThrow(
      /16-bit/,
    );
    await expect(writeRaster(join(dir, "alpha.jpg"), createRaster(4, 4, 4, "uint8"))).rejects.toThrow(
      /alpha/,
    );
    await expect(writeRaster(join(dir, "x.bmp"), createRaster(4, 4, 3, "uint8"))).rejects.toBeInstanceOf(
      InvalidFile,
    );
    await expect(
      encodeRaster({ ...createRaster(4, 4, 3, "uint8"), width: 5 }, { format: "png" }),
    ).rejects.toThrow(/expected/);
  });
});
