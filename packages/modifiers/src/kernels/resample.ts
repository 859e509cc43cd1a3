import type { Raster } from "@iqf/core";
import type { PlainPipeline } from "@iqf/datasets";
import sharp from "sharp";
import { mapSharpGroups } from "./bands.js";

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

/**
 * Resizes a 1- or 3-band 8/16-bit raster with libvips, keeping its sample type; libvips computes
 * integer resizes in fixed point and rounds to nearest (no bias).
 */
async function resize(
  raster: Raster,
  width: number,
  height: number,
  kernel: ResampleKernel,
): Promise<Raster> {
  const { channels, sampleType, data } = raster;
  const sixteen = sampleType === "uint16";
  if (!sixteen && sampleType !== "uint8") {
    throw new RangeError(`resampling needs 8- or 16-bit samples, got ${sampleType}`);
  }
  const grey = channels === 1;
  const out = await sharp(data, {
    raw: { width: raster.width, height: raster.height, channels: channels as 1 | 3 },
  })
    .resize(width, height, { kernel, fit: "fill" })
    .toColourspace(sixteen ? (grey ? "grey16" : "rgb16") : grey ? "b-w" : "srgb")
    .raw({ depth: sixteen ? "ushort" : "uchar" })
    .toBuffer();
  const samples = sixteen
    ? new Uint16Array(out.buffer, out.byteOffset, out.byteLength / 2)
    : new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  return { width, height, channels, sampleType, data: samples };
}

/**
 * Simulates a coarser ground-sample distance: resizes to {@link reducedSize} and back to the
 * original size with the same kernel (libvips; the reduction is antialiased except for
 * `nearest`). The reduced image is held at the source's bit depth, rounded, as if it had been
 * saved (within 1 DN of a float intermediate, and unbiased).
 */
export async function resampleDownUp(raster: Raster, scale: number, kernel: ResampleKernel): Promise<Raster> {
  const small = reducedSize(raster.width, raster.height, scale);
  return mapSharpGroups(raster, async (group) => {
    const reduced = await resize(group, small.width, small.height, kernel);
    return resize(reduced, group.width, group.height, kernel);
  });
}

/**
 * {@link resampleDownUp} as a libvips pipeline for 8-bit grey or RGB images: the reduction runs on
 * the fully decoded source (never JPEG shrink-on-load, so the kernel sees the same samples), the
 * reduced image is held at 8 bits, rounded, and the enlargement feeds the encoder directly.
 */
export function resampleDownUpPipeline(scale: number, kernel: ResampleKernel): PlainPipeline {
  return async (open, { width, height, channels }) => {
    const small = reducedSize(width, height, scale);
    // A whole-image extract before the resize keeps sharp from decoding a JPEG at a reduced size.
    const reduced = await open()
      .extract({ left: 0, top: 0, width, height })
      .resize(small.width, small.height, { kernel, fit: "fill" })
      .toColourspace(channels === 1 ? "b-w" : "srgb")
      .raw()
      .toBuffer();
    return sharp(reduced, { raw: { width: small.width, height: small.height, channels } }).resize(
      width,
      height,
      { kernel, fit: "fill" },
    );
  };
}
