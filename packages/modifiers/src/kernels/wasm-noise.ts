import type { Raster } from "@iqf/core";
import { NORMAL_TABLE, xoshiroState } from "./noise.js";
import { align16, imageKernels, reserveMemory } from "./wasm-module.js";

/** Where the normal table is copied in the kernels' memory (every call: other kernels reuse it). */
const TABLE_AT = 0;

/** Mean of each band of an 8-bit raster, summed exactly (integers) in WebAssembly. */
export async function wasmBandMeans8(raster: Raster): Promise<Float64Array> {
  const kernels = await imageKernels();
  const { data, channels } = raster;
  const sumsAt = align16(NORMAL_TABLE.byteLength);
  const srcAt = sumsAt + align16(channels * 8);
  reserveMemory(kernels.memory, srcAt + data.length);
  new Uint8Array(kernels.memory.buffer, srcAt, data.length).set(data);
  kernels.bandSums(srcAt, data.length, channels, sumsAt);
  const pixels = data.length / channels;
  return Float64Array.from(
    new BigInt64Array(kernels.memory.buffer, sumsAt, channels),
    (sum) => Number(sum) / pixels,
  );
}

/**
 * {@link addGaussianNoise} for 8-bit rasters in WebAssembly: the same draws, arithmetic (float64)
 * and rounding, so the same samples, without the JavaScript loop.
 * The result's samples are a view into this thread's kernel memory, valid until the next kernel
 * call on this thread: encode or copy them before that.
 */
export async function wasmGaussianNoise8(
  raster: Raster,
  sigmas: ArrayLike<number>,
  seed: number,
): Promise<Raster> {
  const kernels = await imageKernels();
  const { data, channels } = raster;
  if (raster.sampleType !== "uint8")
    throw new RangeError(`wasmGaussianNoise8 takes 8-bit samples, got ${raster.sampleType}`);
  const sigmasAt = align16(TABLE_AT + NORMAL_TABLE.byteLength);
  const srcAt = sigmasAt + align16(sigmas.length * 8);
  const dstAt = srcAt + align16(data.length);
  reserveMemory(kernels.memory, dstAt + data.length);
  new Float32Array(kernels.memory.buffer, TABLE_AT, NORMAL_TABLE.length).set(NORMAL_TABLE);
  new Float64Array(kernels.memory.buffer, sigmasAt, sigmas.length).set(Array.from(sigmas));
  new Uint8Array(kernels.memory.buffer, srcAt, data.length).set(data);
  const [a, b, c, d] = xoshiroState(seed);
  kernels.noise(srcAt, dstAt, data.length, channels, sigmas.length, sigmasAt, TABLE_AT, a, b, c, d);
  return { ...raster, data: new Uint8Array(kernels.memory.buffer, dstAt, data.length) };
}
