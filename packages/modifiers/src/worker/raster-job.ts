import { type ImageFormat, InvalidFile, type Raster } from "@iqf/core";
import { decodeImage, encodeRaster } from "@iqf/datasets";
import { hasAlphaBand } from "../kernels/bands.js";
import { type RasterKernelArgs, type RasterKernelName, runRasterKernel } from "./raster-kernels.js";

/** One image for a raster worker: its file bytes and the kernel to run on its samples. */
export interface RasterJob<K extends RasterKernelName = RasterKernelName> {
  /** Path of the source file (for error messages). */
  readonly path: string;
  /** Container format of the source. */
  readonly format: ImageFormat;
  /** The file's bytes (a copy; the worker may keep or transfer them). */
  readonly bytes: Uint8Array;
  /** Kernel to run. */
  readonly kernel: K;
  /** The kernel's arguments. */
  readonly args: RasterKernelArgs[K];
}

/** What a raster job gives back: bytes encoded in the source's JPEG/PNG format, or a TIFF source's new raster. */
export type RasterJobResult = { readonly encoded: Uint8Array } | { readonly raster: Raster };

/** A job's failure in a form that crosses threads. */
export type RasterJobError =
  | { readonly kind: "InvalidFile"; readonly file: string; readonly reason: string }
  | { readonly kind: "RangeError" | "Error"; readonly message: string };

/**
 * Decodes the job's bytes, runs its kernel on the data bands (a PNG's alpha band is kept) and,
 * for a JPEG or PNG source, encodes the result as the pipeline would; a TIFF source's raster is
 * returned for the pipeline to write with the source's TIFF metadata.
 */
export async function runRasterJob(job: RasterJob): Promise<RasterJobResult> {
  const { raster, format } = await decodeImage(job.bytes, job.path);
  if (format !== job.format)
    throw new InvalidFile(job.path, `holds ${format.toUpperCase()} data, not ${job.format.toUpperCase()}`);
  const dataBands = hasAlphaBand(format, raster.channels) ? raster.channels - 1 : raster.channels;
  const result = runRasterKernel(job.kernel, raster, dataBands, job.args);
  if (format === "tiff") return { raster: result };
  return { encoded: await encodeRaster(result, { format }) };
}

/** Turns a thrown value into a {@link RasterJobError}. */
export function describeJobError(error: unknown): RasterJobError {
  if (error instanceof InvalidFile) return { kind: "InvalidFile", file: error.file, reason: error.reason };
  const message = error instanceof Error ? error.message : String(error);
  return { kind: error instanceof RangeError ? "RangeError" : "Error", message };
}
