import type { Raster } from "@iqf/core";
import { align16, imageKernels, reserveMemory } from "./wasm-module.js";

/**
 * The 3×3 sharpness blend of an 8-bit raster (all bands, at least 3×3 pixels) in WebAssembly SIMD:
 * every interior sample becomes `self·v + ring·Σ₉` (Σ₉ its 3×3 neighbourhood, itself included)
 * in float32, rounded to nearest and saturated to 0…255; border pixels are kept.
 * The result's samples are a view into this thread's kernel memory, valid until the next kernel
 * call on this thread: encode or copy them before that.
 */
export async function wasmSharpen8(raster: Raster, self: number, ring: number): Promise<Raster> {
  const { width, height, channels, data } = raster;
  if (raster.sampleType !== "uint8")
    throw new RangeError(`wasmSharpen8 takes 8-bit samples, got ${raster.sampleType}`);
  if (width < 3 || height < 3)
    throw new RangeError(`wasmSharpen8 needs at least 3×3 pixels, got ${width}×${height}`);
  const { memory, sharpen } = await imageKernels();
  const samples = width * height * channels;
  const srcAt = 0;
  const dstAt = align16(samples + 16);
  reserveMemory(memory, dstAt + samples + 16);
  new Uint8Array(memory.buffer, srcAt, samples).set(data);
  new Uint8Array(memory.buffer, dstAt, samples).set(data);
  sharpen(srcAt, dstAt, width, height, channels, self, ring);
  return { ...raster, data: new Uint8Array(memory.buffer, dstAt, samples) };
}
