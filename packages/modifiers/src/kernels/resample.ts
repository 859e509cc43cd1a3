import type { Raster } from "@iqf/core";
import sharp from "sharp";
import { mapSharpGroups } from "./bands.js";
import { asFloat32, roundToSampleType } from "./samples.js";
import { sharpFromRaster } from "./sharp-raster.js";

/** Resampling kernels for {@link resampleDownUp}. */
export type ResampleKernel = "nearest" | "linear" | "cubic" | "lanczos3";

/**
 * The size after resizing by 1/scale, as iquaflow computes it: trunc(H · (1/scale)),
 * trunc(W · (1/scale)) in that IEEE order. Throws when a side would be 0.
 */
export function reducedSize(width: number, height: number, scale: number): { width: number; height: number } {
  const factor = 1 / scale;
  const size = { width: Math.trunc(width * factor), height: Math.trunc(height * factor) };
  if (size.width < 1 || size.height < 1) {
    throw new RangeError(`scale ${scale} reduces a ${width}×${height} image to ${size.width}×${size.height}`);
  }
  return size;
}

async function resizeFloat(
  input: sharp.Sharp,
  width: number,
  height: number,
  kernel: ResampleKernel,
): Promise<{ data: Float32Array; channels: number }> {
  const { data, info } = await input
    .resize(width, height, { kernel, fit: "fill" })
    .raw({ depth: "float" })
    .toBuffer({ resolveWithObject: true });
  return { data: asFloat32(data), channels: info.channels };
}

/**
 * Simulates a coarser ground-sample distance: resizes to {@link reducedSize} and back to the
 * original size with the same kernel (libvips; the reduction is antialiased except for
 * `nearest`). The intermediate stays in float; the result is rounded and clamped.
 */
export async function resampleDownUp(raster: Raster, scale: number, kernel: ResampleKernel): Promise<Raster> {
  const small = reducedSize(raster.width, raster.height, scale);
  return mapSharpGroups(raster, async (group) => {
    const down = await resizeFloat(sharpFromRaster(group), small.width, small.height, kernel);
    const smallInput = sharp(down.data, {
      raw: { width: small.width, height: small.height, channels: down.channels as 1 | 3 },
    });
    const up = await resizeFloat(smallInput, group.width, group.height, kernel);
    return { ...group, data: roundToSampleType(up.data, group.sampleType) };
  });
}
