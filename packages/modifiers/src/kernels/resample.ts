import type { Raster } from "@iqf/core";
import { mapSharpGroups } from "./bands.js";
import { roundToSampleType } from "./samples.js";
import { runSharp } from "./sharp-raster.js";

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

/** Rounds float samples to 16 bits after multiplying by `gain`, for the reduced intermediate. */
function toUint16(values: Float32Array, gain: number): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Math.round(values[i]! * gain);
  return out;
}

/**
 * Simulates a coarser ground-sample distance: resizes to {@link reducedSize} and back to the
 * original size with the same kernel (libvips; the reduction is antialiased except for
 * `nearest`). The reduced image is kept at 16-bit precision (8-bit data scaled by 256), the
 * result is rounded and clamped to the source's sample type.
 */
export async function resampleDownUp(raster: Raster, scale: number, kernel: ResampleKernel): Promise<Raster> {
  const small = reducedSize(raster.width, raster.height, scale);
  const gain = raster.sampleType === "uint8" ? 256 : 1;
  return mapSharpGroups(raster, async (group) => {
    const down = await runSharp(group, (pipeline) =>
      pipeline.resize(small.width, small.height, { kernel, fit: "fill" }),
    );
    const reduced: Raster = {
      ...small,
      channels: group.channels,
      sampleType: "uint16",
      data: toUint16(down.data, gain),
    };
    const up = await runSharp(reduced, (pipeline) =>
      pipeline.resize(group.width, group.height, { kernel, fit: "fill" }),
    );
    if (gain !== 1) for (let i = 0; i < up.data.length; i++) up.data[i]! /= gain;
    return { ...group, data: roundToSampleType(up.data, group.sampleType) };
  });
}
