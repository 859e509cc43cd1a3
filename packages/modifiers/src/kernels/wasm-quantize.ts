import type { Raster } from "@iqf/core";
import { keepTopBits8InPlace, topBitsMask8 } from "./quantize.js";
import { imageKernels, reserveMemory, WASM_MAX_SAMPLES } from "./wasm-module.js";

/**
 * `keepTopBits` of all bands of an 8-bit raster in WebAssembly SIMD (a bitwise AND with
 * `mask`, e.g. 0xF0 for 4 bits): the same samples, 16 per step.
 * The result's samples are a view into this thread's kernel memory, valid until the next kernel
 * call on this thread: encode or copy them before that.
 */
export async function wasmMask8(raster: Raster, mask: number): Promise<Raster> {
  if (raster.sampleType !== "uint8")
    throw new RangeError(`wasmMask8 takes 8-bit samples, got ${raster.sampleType}`);
  const { memory, mask: and } = await imageKernels();
  const { data } = raster;
  reserveMemory(memory, data.length + 16);
  new Uint8Array(memory.buffer, 0, data.length).set(data);
  and(0, data.length, mask);
  return { ...raster, data: new Uint8Array(memory.buffer, 0, data.length) };
}

/**
 * {@link keepTopBits8InPlace} through WebAssembly SIMD (copied in, masked, copied back, all before
 * this returns to the event loop, so concurrent callers never share kernel memory): the same
 * samples in about half the time. Data larger than the kernels take is masked in JavaScript.
 */
export async function wasmKeepTopBits8InPlace(data: Uint8Array, bits: number): Promise<void> {
  const and = topBitsMask8(bits);
  const { memory, mask } = await imageKernels();
  if (data.length > WASM_MAX_SAMPLES) return keepTopBits8InPlace(data, bits);
  reserveMemory(memory, data.length + 16);
  const view = new Uint8Array(memory.buffer, 0, data.length);
  view.set(data);
  mask(0, data.length, and);
  data.set(view);
}
