import { join } from "node:path";
import { createRaster } from "@iqf/core";
import {
  DEFAULT_MAX_PIXELS,
  decodeImage,
  encodeRaster,
  headerSize,
  ImageTooLarge,
  maxImagePixels,
  openImageFile,
  readRaster,
} from "@iqf/datasets";
import { afterEach, describe, expect, it } from "vitest";
import { repoRoot } from "./helpers.js";

const geoFile = join(repoRoot, "data/ds_geo_dataset/images/sample_geotiff_733601_3725139.tif");
const saved = process.env.IQF_MAX_PIXELS;
afterEach(() => {
  if (saved === undefined) delete process.env.IQF_MAX_PIXELS;
  else process.env.IQF_MAX_PIXELS = saved;
});

describe("pixel limit", () => {
  it("reads the size from JPEG, PNG and TIFF headers (8/16-bit, any bands) without decoding", async () => {
    const grey16 = createRaster(37, 21, 1, "uint16");
    const multi = createRaster(37, 21, 5, "float32");
    const rgb = createRaster(37, 21, 3, "uint8");
    for (const [raster, format] of [
      [rgb, "jpeg"],
      [grey16, "png"],
      [grey16, "tiff"],
      [multi, "tiff"],
    ] as const) {
      const bytes = await encodeRaster(raster, { format });
      expect(headerSize(bytes), format).toMatchObject({ width: 37, height: 21 });
    }
  });

  it("takes IQF_MAX_PIXELS, defaults to sharp's limit, and refuses a value that is not a pixel count", () => {
    delete process.env.IQF_MAX_PIXELS;
    expect(maxImagePixels()).toBe(DEFAULT_MAX_PIXELS);
    process.env.IQF_MAX_PIXELS = "1000000000";
    expect(maxImagePixels()).toBe(1_000_000_000);
    for (const bad of ["lots", "-5", "0", "1e9", "2.5"]) {
      process.env.IQF_MAX_PIXELS = bad;
      expect(() => maxImagePixels(), bad).toThrow(/IQF_MAX_PIXELS.*not a positive whole number/);
    }
  });

  it("refuses an image over the limit before decoding it, naming file, size, limit and the fix", async () => {
    const bytes = await encodeRaster(createRaster(40, 30, 3, "uint8"), { format: "png" });
    process.env.IQF_MAX_PIXELS = "1000";
    const refusal = decodeImage(bytes, "big.png");
    await expect(refusal).rejects.toBeInstanceOf(ImageTooLarge);
    await expect(refusal).rejects.toMatchObject({
      code: "IMAGE_TOO_LARGE",
      message:
        "big.png: its header says 40×30 = 1200 pixels, over the limit of 1000 pixels, so it is not decoded; if the image is genuine and the machine has the memory, raise the limit with IQF_MAX_PIXELS=1200",
    });
    process.env.IQF_MAX_PIXELS = "1200";
    expect((await decodeImage(bytes, "big.png")).raster.width).toBe(40);
  });

  it("opens files for sharp under the same limit, and a 16-bit GeoTIFF is decoded as before", async () => {
    process.env.IQF_MAX_PIXELS = "100";
    await expect(openImageFile(geoFile)).rejects.toMatchObject({
      code: "IMAGE_TOO_LARGE",
      width: 90,
      height: 90,
    });
    delete process.env.IQF_MAX_PIXELS;
    expect(await (await openImageFile(geoFile)).metadata()).toMatchObject({
      width: 90,
      height: 90,
      channels: 1,
    });
    const { raster } = await readRaster(geoFile);
    expect([raster.width, raster.height, raster.channels, raster.sampleType]).toEqual([90, 90, 1, "uint16"]);
  });
});
