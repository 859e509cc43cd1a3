import type { Raster } from "@iqf/core";
import { mapDataBands } from "../kernels/bands.js";
import { iquaflowBlur7x7, sampledGaussianBlurInKernelMemory } from "../kernels/gaussian.js";
import { linearDownUpSupported, wasmLinearDownUp8 } from "../kernels/linear-resample.js";
import { addedNoiseSigma, addGaussianNoise, bandMeans } from "../kernels/noise.js";
import { keepTopBits, topBitsMask } from "../kernels/quantize.js";
import { type ResampleKernel, reducedSize, resampleDownUp } from "../kernels/resample.js";
import { sharpnessBlend, sharpnessWeights } from "../kernels/sharpness.js";
import { fitsWasmKernels } from "../kernels/wasm-module.js";
import { wasmBandMeans8, wasmGaussianNoise8 } from "../kernels/wasm-noise.js";
import { wasmMask8 } from "../kernels/wasm-quantize.js";
import { wasmSharpen8 } from "../kernels/wasm-sharpen.js";

/** Arguments of each kernel a raster worker runs, by kernel name (structured-cloneable). */
export interface RasterKernelArgs {
  /** {@link sharpnessBlend} with this factor on the data bands (8-bit images without alpha in WebAssembly SIMD, within 1 DN). */
  readonly sharpness: { readonly factor: number };
  /** Gaussian noise taking every data band from SNR `initial` to `target`, seeded with `seed` (8-bit in WebAssembly, same samples). */
  readonly noise: { readonly initial: number; readonly target: number; readonly seed: number };
  /** {@link sampledGaussianBlurInKernelMemory} with kernel parameter `kernelSigma` on the data bands. */
  readonly gaussianBlur: { readonly kernelSigma: number };
  /** {@link iquaflowBlur7x7} with `sigma` on the data bands. */
  readonly iquaflowBlur7x7: { readonly sigma: number };
  /** {@link keepTopBits} with `bits` on the data bands (8-bit images without alpha in WebAssembly SIMD, same samples). */
  readonly quantize: { readonly bits: number };
  /**
   * {@link resampleDownUp} by `scale` with `kernel` on the data bands: libvips, or for the linear
   * kernel on 8-bit images without alpha that libvips resizes in one step, the same samples in
   * WebAssembly ({@link wasmLinearDownUp8}).
   */
  readonly resample: { readonly scale: number; readonly kernel: ResampleKernel };
}

/** Name of a kernel a raster worker runs. */
export type RasterKernelName = keyof RasterKernelArgs;

type Kernel<K extends RasterKernelName> = (
  raster: Raster,
  dataBands: number,
  args: RasterKernelArgs[K],
) => Raster | Promise<Raster>;

const KERNELS: { readonly [K in RasterKernelName]: Kernel<K> } = {
  sharpness: (raster, bands, { factor }) => {
    const { centre, ring } = sharpnessWeights(factor);
    const simd =
      fitsWasmKernels(raster) && bands === raster.channels && raster.width >= 3 && raster.height >= 3;
    return simd ? wasmSharpen8(raster, centre - ring, ring) : sharpnessBlend(raster, factor, bands);
  },
  noise: async (raster, bands, { initial, target, seed }) => {
    const simd = fitsWasmKernels(raster);
    const means = simd ? (await wasmBandMeans8(raster)).subarray(0, bands) : bandMeans(raster, bands);
    const sigmas = means.map((mean) => addedNoiseSigma(mean, initial, target));
    return simd ? wasmGaussianNoise8(raster, sigmas, seed) : addGaussianNoise(raster, sigmas, seed);
  },
  gaussianBlur: (raster, bands, { kernelSigma }) =>
    mapDataBands(raster, bands < raster.channels, (data) =>
      sampledGaussianBlurInKernelMemory(data, kernelSigma),
    ),
  iquaflowBlur7x7: (raster, bands, { sigma }) =>
    mapDataBands(raster, bands < raster.channels, (data) => iquaflowBlur7x7(data, sigma)),
  quantize: (raster, bands, { bits }) =>
    fitsWasmKernels(raster) && bands === raster.channels && bits <= 8
      ? wasmMask8(raster, topBitsMask(bits, 8))
      : keepTopBits(raster, bits, bands),
  resample: (raster, bands, { scale, kernel }) => {
    if (kernel === "linear" && bands === raster.channels) {
      const small = reducedSize(raster.width, raster.height, scale);
      if (linearDownUpSupported(raster, small)) return wasmLinearDownUp8(raster, small);
    }
    return mapDataBands(raster, bands < raster.channels, (data) => resampleDownUp(data, scale, kernel));
  },
};

/**
 * Runs the named kernel on the data bands of a raster (the first `dataBands`; alpha is kept). The
 * result may be a view into the thread's WebAssembly memory, valid until the next kernel call on
 * this thread: encode or copy it first.
 */
export function runRasterKernel<K extends RasterKernelName>(
  name: K,
  raster: Raster,
  dataBands: number,
  args: RasterKernelArgs[K],
): Promise<Raster> {
  return Promise.resolve((KERNELS[name] as Kernel<K>)(raster, dataBands, args));
}
