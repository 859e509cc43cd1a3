import type { Raster } from "@iqf/core";
import { SEPARABLE_BLUR_WAT } from "./separable-blur-wat.js";

/** The part of the WebAssembly API used here (Node's global; TypeScript's lib leaves it to the DOM types). */
declare const WebAssembly: {
  instantiate(bytes: Uint8Array): Promise<{ instance: { exports: unknown } }>;
};

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface BlurModule {
  readonly memory: WasmMemory;
  readonly blur: (
    taps: number,
    n: number,
    line: number,
    samples: number,
    rows: number,
    width: number,
    height: number,
    channels: number,
  ) => void;
}

let compiled: Promise<BlurModule> | undefined;

/** Compiles the SIMD convolution once per thread (the text is assembled with wabt). */
function blurModule(): Promise<BlurModule> {
  compiled ??= (async () => {
    const { default: loadWabt } = await import("wabt");
    const wabt = await loadWabt();
    const parsed = wabt.parseWat("separable-blur.wat", SEPARABLE_BLUR_WAT, { simd: true });
    try {
      const { buffer } = parsed.toBinary({});
      const { instance } = await WebAssembly.instantiate(buffer);
      return instance.exports as unknown as BlurModule;
    } finally {
      parsed.destroy();
    }
  })();
  return compiled;
}

const align16 = (bytes: number): number => Math.ceil(bytes / 16) * 16;

/**
 * Convolves every band of an 8-bit raster with `taps` horizontally then vertically (a separable
 * kernel of odd length), edges replicated, in float32 with WebAssembly SIMD (four samples per
 * step), rounding to nearest and saturating to 0…255. Within 1 DN of the same convolution in
 * float64, and several times faster than libvips' float path.
 */
export async function wasmSeparableBlur8(raster: Raster, taps: ArrayLike<number>): Promise<Raster> {
  const { width, height, channels, data } = raster;
  if (raster.sampleType !== "uint8")
    throw new RangeError(`wasmSeparableBlur8 takes 8-bit samples, got ${raster.sampleType}`);
  if (taps.length % 2 !== 1)
    throw new RangeError(`the kernel needs an odd number of taps, got ${taps.length}`);
  const { memory, blur } = await blurModule();
  const radius = (taps.length - 1) / 2;
  const samples = width * height * channels;
  const tapsAt = 0;
  const lineAt = align16(taps.length * 4);
  const samplesAt = lineAt + align16(((width + 2 * radius) * channels + 16) * 4);
  const rowsAt = samplesAt + align16(samples + 16);
  const end = rowsAt + (samples + 4) * 4;
  if (end > memory.buffer.byteLength) memory.grow(Math.ceil((end - memory.buffer.byteLength) / 65_536));
  new Float32Array(memory.buffer, tapsAt, taps.length).set(taps);
  new Uint8Array(memory.buffer, samplesAt, samples).set(data);
  blur(tapsAt, taps.length, lineAt, samplesAt, rowsAt, width, height, channels);
  return { ...raster, data: new Uint8Array(memory.buffer, samplesAt, samples).slice() };
}
