import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ImageFormat, ModifiedImage, ModifyContext, Raster, SampleType, SourceImage } from "@iqf/core";
import sharp from "sharp";

/** A raster of the given geometry whose samples come from `value(x, y, band)`. */
export function makeRaster(
  width: number,
  height: number,
  channels: number,
  sampleType: SampleType,
  value: (x: number, y: number, band: number) => number,
): Raster {
  const data =
    sampleType === "uint8"
      ? new Uint8Array(width * height * channels)
      : sampleType === "uint16"
        ? new Uint16Array(width * height * channels)
        : new Float32Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) data[(y * width + x) * channels + c] = value(x, y, c);
    }
  }
  return { width, height, channels, sampleType, data };
}

/** Encodes a raster (1–4 bands) in a container format with sharp. */
export async function encode(raster: Raster, format: ImageFormat): Promise<Uint8Array> {
  const { width, height, channels, data } = raster;
  const image = sharp(data, { raw: { width, height, channels: channels as 1 | 2 | 3 | 4 } });
  if (format === "jpeg") return image.jpeg({ quality: 95 }).toBuffer();
  if (format === "png") return image.png().toBuffer();
  return image.tiff().toBuffer();
}

/** A source image backed by an in-memory raster (and, for `read`, its encoded bytes). */
export function sourceImage(raster: Raster, format: ImageFormat, relativePath = "img.png"): SourceImage {
  return {
    path: join(tmpdir(), relativePath),
    relativePath,
    format,
    read: () => encode(raster, format),
    decode: async () => raster,
  };
}

/** A per-image context with a scratch folder. */
export function context(workDir = tmpdir(), index = 0): ModifyContext {
  return { index, workDir };
}

/** The raster of a `{ raster }` result (fails the test otherwise). */
export function rasterOf(result: ModifiedImage): Raster {
  if (!("raster" in result))
    throw new Error(`expected a raster result, got ${Object.keys(result).join(",")}`);
  return result.raster;
}

/** Mean and population standard deviation of band `band` of a raster. */
export function bandStats(raster: Raster, band = 0): { mean: number; std: number } {
  const { channels, data } = raster;
  let sum = 0;
  let sumSquares = 0;
  let n = 0;
  for (let i = band; i < data.length; i += channels) {
    sum += data[i]!;
    sumSquares += data[i]! * data[i]!;
    n++;
  }
  const mean = sum / n;
  return { mean, std: Math.sqrt(Math.max(0, sumSquares / n - mean * mean)) };
}
