import type { Raster } from "@iqf/core";
import sharp from "sharp";
import { asFloat32, roundToSampleType } from "./samples.js";

/** Opens a raster (1–4 bands, 8/16-bit or float) as a sharp pipeline over its raw samples. */
export function sharpFromRaster(raster: Raster): sharp.Sharp {
  const { width, height, channels, data } = raster;
  return sharp(data, { raw: { width, height, channels: channels as 1 | 2 | 3 | 4 } });
}

/**
 * Runs a sharp pipeline to raw float output and converts the result back to the sample type of
 * `like`, rounding to nearest (libvips itself would truncate float results to integers).
 */
export async function toRasterLike(pipeline: sharp.Sharp, like: Raster): Promise<Raster> {
  const { data, info } = await pipeline.raw({ depth: "float" }).toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    channels: info.channels,
    sampleType: like.sampleType,
    data: roundToSampleType(asFloat32(data), like.sampleType),
  };
}
