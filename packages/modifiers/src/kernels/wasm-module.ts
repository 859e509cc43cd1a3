import type { Raster } from "@iqf/core";
import { IMAGE_KERNELS_WAT } from "./image-kernels-wat.js";

/** The part of the WebAssembly API used here (Node's global; TypeScript's lib leaves it to the DOM types). */
declare const WebAssembly: {
  instantiate(bytes: Uint8Array): Promise<{ instance: { exports: unknown } }>;
};

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** The exports of the compiled image kernels (see {@link IMAGE_KERNELS_WAT} for their memory layout). */
export interface ImageKernels {
  /** The module's memory; {@link reserveMemory} grows it. */
  readonly memory: WasmMemory;
  /** Separable convolution of 8-bit samples, in place. */
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
  /** Per-band integer sums of 8-bit samples into i64 `out`. */
  readonly bandSums: (src: number, samples: number, channels: number, out: number) => void;
  /** Seeded Gaussian noise on 8-bit samples, `src` → `dst`. */
  readonly noise: (
    src: number,
    dst: number,
    samples: number,
    channels: number,
    bands: number,
    sigmas: number,
    table: number,
    a: number,
    b: number,
    c: number,
    d: number,
  ) => void;
  /** Bitwise AND of `n` 8-bit samples at `samples` with `mask`, in place. */
  readonly mask: (samples: number, n: number, mask: number) => void;
  /** Row pass of libvips' reduction: every output row from its taps' source rows. */
  readonly reduceRows: (
    dst: number,
    rowLength: number,
    rows: number,
    offsets: number,
    weights: number,
    points: number,
  ) => void;
  /** Column pass of libvips' reduction, `src` → `dst`. */
  readonly reduceColumns: (
    src: number,
    dst: number,
    rowLength: number,
    rows: number,
    size: number,
    channels: number,
    taps: number,
    weights: number,
    points: number,
  ) => void;
  /** The left and right pixels of every output column's bilinear stencil, for every reduced row. */
  readonly gatherColumns: (
    src: number,
    rowLength: number,
    rows: number,
    width: number,
    channels: number,
    left: number,
    right: number,
    lefts: number,
    rights: number,
  ) => void;
  /** libvips' bilinear enlargement of the gathered rows, row by row. */
  readonly enlargeRows: (
    lefts: number,
    rights: number,
    dst: number,
    rowLength: number,
    height: number,
    rows: number,
    fractions: number,
    xs: number,
  ) => void;
  /** 3×3 sharpness blend of 8-bit samples, `src` → `dst`. */
  readonly sharpen: (
    src: number,
    dst: number,
    width: number,
    height: number,
    channels: number,
    self: number,
    ring: number,
  ) => void;
}

let compiled: Promise<ImageKernels> | undefined;

/**
 * The image kernels, compiled once per thread (the text is assembled with wabt). Their memory is
 * scratch space: every call lays out and copies in all it reads.
 */
export function imageKernels(): Promise<ImageKernels> {
  compiled ??= (async () => {
    const { default: loadWabt } = await import("wabt");
    const wabt = await loadWabt();
    const parsed = wabt.parseWat("image-kernels.wat", IMAGE_KERNELS_WAT, { simd: true });
    try {
      const { buffer } = parsed.toBinary({});
      const { instance } = await WebAssembly.instantiate(buffer);
      return instance.exports as ImageKernels;
    } finally {
      parsed.destroy();
    }
  })();
  return compiled;
}

/**
 * Largest image (samples = width × height × bands) the WebAssembly kernels take: about 10 Mpx of
 * RGB. The blur needs five bytes of kernel memory per sample and a thread keeps its memory, so
 * larger images go to the streaming libvips or JavaScript paths instead.
 */
export const WASM_MAX_SAMPLES = 32 * 1024 * 1024;

/** Whether the WebAssembly kernels take this raster: 8-bit and at most {@link WASM_MAX_SAMPLES} samples. */
export function fitsWasmKernels(raster: Raster): boolean {
  return raster.sampleType === "uint8" && raster.data.length <= WASM_MAX_SAMPLES;
}

/** `bytes` rounded up to a multiple of 16 (SIMD-aligned offsets). */
export const align16 = (bytes: number): number => Math.ceil(bytes / 16) * 16;

/** Grows the kernels' memory to at least `bytes`. */
export function reserveMemory(memory: WasmMemory, bytes: number): void {
  if (bytes > memory.buffer.byteLength) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / 65_536));
}
