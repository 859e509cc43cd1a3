import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { createRaster } from "@iqf/core";
import { decodeImage, encodeRaster, plainImageHeader, transformPlainImage } from "@iqf/datasets";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./helpers.js";

const photo = join(repoRoot, "data/ds_coco_dataset/images/000000005802.jpg");

function gradient(width: number, height: number, channels: number, sampleType: "uint8" | "uint16") {
  const raster = createRaster(width, height, channels, sampleType);
  for (let i = 0; i < raster.data.length; i++)
    raster.data[i] = (i * 37) % (sampleType === "uint8" ? 256 : 65536);
  return raster;
}

async function rawJpeg(channels: 1 | 3, options: sharp.JpegOptions = {}): Promise<Buffer> {
  const raster = gradient(24, 16, channels, "uint8");
  const image = sharp(raster.data, { raw: { width: 24, height: 16, channels } });
  return (channels === 1 ? image.toColourspace("b-w") : image).jpeg(options).toBuffer();
}

describe("plainImageHeader", () => {
  it("reads size and bands of 8-bit grey and RGB JPEGs, baseline or progressive", async () => {
    expect(plainImageHeader(await readFile(photo), "jpeg")).toEqual({ width: 640, height: 479, channels: 3 });
    expect(plainImageHeader(await rawJpeg(1), "jpeg")).toEqual({ width: 24, height: 16, channels: 1 });
    expect(plainImageHeader(await rawJpeg(3, { progressive: true }), "jpeg")).toEqual({
      width: 24,
      height: 16,
      channels: 3,
    });
  });

  it("refuses CMYK JPEGs and damaged headers", async () => {
    const cmyk = await sharp(await rawJpeg(3))
      .toColourspace("cmyk")
      .jpeg()
      .toBuffer();
    expect(plainImageHeader(cmyk, "jpeg")).toBeUndefined();
    expect(plainImageHeader((await readFile(photo)).subarray(0, 30), "jpeg")).toBeUndefined();
  });

  it("takes 8-bit grey and RGB PNGs, not 16-bit, alpha, palette or transparent ones", async () => {
    const png = (raster: ReturnType<typeof gradient>) => encodeRaster(raster, { format: "png" });
    expect(plainImageHeader(await png(gradient(5, 4, 1, "uint8")), "png")).toEqual({
      width: 5,
      height: 4,
      channels: 1,
    });
    expect(plainImageHeader(await png(gradient(5, 4, 3, "uint8")), "png")?.channels).toBe(3);
    expect(plainImageHeader(await png(gradient(5, 4, 3, "uint16")), "png")).toBeUndefined();
    expect(plainImageHeader(await png(gradient(5, 4, 4, "uint8")), "png")).toBeUndefined();
    expect(plainImageHeader(await png(gradient(5, 4, 2, "uint8")), "png")).toBeUndefined();
    const palette = await sharp(gradient(5, 4, 3, "uint8").data, {
      raw: { width: 5, height: 4, channels: 3 },
    })
      .png({ palette: true })
      .toBuffer();
    expect(plainImageHeader(palette, "png")).toBeUndefined();
    // A tRNS chunk (one transparent colour) gives a grey/RGB PNG an alpha band on decoding.
    const rgb = Buffer.from(await png(gradient(5, 4, 3, "uint8")));
    const trns = Buffer.from([0, 0, 0, 6, 0x74, 0x52, 0x4e, 0x53, 0, 1, 0, 2, 0, 3, 0, 0, 0, 0]);
    const withTrns = Buffer.concat([rgb.subarray(0, 33), trns, rgb.subarray(33)]);
    expect(plainImageHeader(withTrns, "png")).toBeUndefined();
  });
});

describe("transformPlainImage", () => {
  it("gives the bytes of decoding, transforming with the same libvips operation and encoding", async () => {
    const bytes = await readFile(photo);
    const fused = await transformPlainImage(bytes, "jpeg", (open) => open().negate());
    const { raster } = await decodeImage(bytes, photo);
    const negated = { ...raster, data: raster.data.map((v) => 255 - v) };
    expect(Buffer.from(fused!).equals(Buffer.from(await encodeRaster(negated, { format: "jpeg" })))).toBe(
      true,
    );
  });

  it("keeps a grey PNG grey and hands multi-pass builders a fresh decoder each time", async () => {
    const grey = await encodeRaster(gradient(20, 10, 1, "uint8"), { format: "png" });
    const out = await transformPlainImage(grey, "png", async (open, header) => {
      const first = await open().toColourspace("b-w").raw().toBuffer();
      expect(first.length).toBe(header.width * header.height);
      return open();
    });
    const decoded = await decodeImage(out!, "out.png");
    expect(decoded.raster.channels).toBe(1);
    expect(Array.from(decoded.raster.data)).toEqual(Array.from(gradient(20, 10, 1, "uint8").data));
  });

  it("declines 16-bit and alpha images, which take the raster path", async () => {
    const deep = await encodeRaster(gradient(6, 6, 3, "uint16"), { format: "png" });
    expect(await transformPlainImage(deep, "png", (open) => open())).toBeUndefined();
  });
});
