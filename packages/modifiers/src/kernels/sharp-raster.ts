import type { Raster } from "@iqf/core";
import sharp from "sharp";
import { asFloat32, roundToSampleType } from "./samples.js";

/**
 * libvips interpretation that keeps a raster's band count and sample scale on output: without it
 * sharp turns one band into three and scales 16-bit data down to 8 bits.
 */
function colourspaceOf(raster: Raster): string {
  if (raster.channels !== 1 && raster.channels !== 3) {
    throw new RangeError(`libvips operations here take 1 or 3 bands, got ${raster.channels}`);
  }
  if (raster.sampleType === "uint8") return raster.channels === 1 ? "b-w" : "srgb";
  if (raster.sampleType === "uint16") return raster.channels === 1 ? "grey16" : "rgb16";
  throw new RangeError("float32 samples are not supported by this operation; use 8- or 16-bit images");
}

/**
 * Runs libvips operations (`operate`) on a 1- or 3-band 8/16-bit raster and returns the raw
 * float result with its geometry; the band count and the sample scale are kept.
 */
export async function runSharp(
  raster: Raster,
  operate: (pipeline: sharp.Sharp) => sharp.Sharp,
): Promise<{ data: Float32Array; width: number; height: number }> {
  const colourspace = colourspaceOf(raster);
  const { width, height, channels, data } = raster;
  const pipeline = operate(sharp(data, { raw: { width, height, channels: channels as 1 | 3 } }));
  const result = await pipeline
    .toColourspace(colourspace)
    .raw({ depth: "float" })
    .toBuffer({ resolveWithObject: true });
  if (result.info.channels !== channels) {
    throw new RangeError(`libvips returned ${result.info.channels} bands instead of ${channels}`);
  }
  return { data: asFloat32(result.data), width: result.info.width, height: result.info.height };
}

/**
 * Runs a libvips operation whose weights sum to 1 (a blur, a resize) on a raster and returns a
 * raster of the same sample type, rounded to nearest. 8-bit data takes a fast path: +0.5 is added
 * first (linear operations carry it through) and libvips' truncating cast to 8 bits then rounds,
 * so no float buffer is produced. Other depths go through a float result rounded in JS.
 */
export async function sharpTransform(
  raster: Raster,
  operate: (pipeline: sharp.Sharp) => sharp.Sharp,
): Promise<Raster> {
  if (raster.sampleType !== "uint8") {
    const { data, width, height } = await runSharp(raster, operate);
    return { ...raster, width, height, data: roundToSampleType(data, raster.sampleType) };
  }
  const colourspace = colourspaceOf(raster);
  const { width, height, channels, data } = raster;
  const pipeline = operate(
    sharp(data, { raw: { width, height, channels: channels as 1 | 3 } }).linear(1, 0.5),
  );
  // sRGB is sharp's output colourspace already; asking for it again only costs time.
  const output = colourspace === "srgb" ? pipeline : pipeline.toColourspace(colourspace);
  const result = await output.raw().toBuffer({ resolveWithObject: true });
  if (result.info.channels !== channels) {
    throw new RangeError(`libvips returned ${result.info.channels} bands instead of ${channels}`);
  }
  const samples = new Uint8Array(result.data.buffer, result.data.byteOffset, result.data.byteLength);
  return { ...raster, width: result.info.width, height: result.info.height, data: samples };
}
