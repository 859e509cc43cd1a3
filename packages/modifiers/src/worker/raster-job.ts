import { type ImageFormat, InvalidFile, type Raster } from "@iqf/core";
import { decodeImage, encodeRaster, storedJpegColourspace, withDecodedJpegTurbo } from "@iqf/datasets";
import { hasAlphaBand } from "../kernels/bands.js";
import { type RasterKernelArgs, type RasterKernelName, runRasterKernel } from "./raster-kernels.js";

/** One image for a raster worker: its file bytes and the kernel to run on its samples. */
export interface RasterJob<K extends RasterKernelName = RasterKernelName> {
  /** Path of the source file (for error messages). */
  readonly path: string;
  /** Container format of the source. */
  readonly format: ImageFormat;
  /** The file's bytes (a copy), or the decoded raster of a source that has no file to read. */
  readonly source: { readonly bytes: Uint8Array } | { readonly raster: Raster };
  /** Kernel to run. */
  readonly kernel: K;
  /** The kernel's arguments. */
  readonly args: RasterKernelArgs[K];
}

/** What a raster job gives back: bytes encoded in the source's JPEG/PNG format, or the new raster. */
export type RasterJobResult = { readonly encoded: Uint8Array } | { readonly raster: Raster };

/** The job's samples: its raster, or its bytes decoded (checked to be in the announced format). */
async function samplesOf(job: RasterJob): Promise<Raster> {
  if ("raster" in job.source) return job.source.raster;
  const { raster, format } = await decodeImage(job.source.bytes, job.path);
  if (format !== job.format)
    throw new InvalidFile(job.path, `holds ${format.toUpperCase()} data, not ${job.format.toUpperCase()}`);
  return raster;
}

/**
 * Decodes the job's bytes (unless it carries the raster), runs its kernel on the data bands (a
 * PNG's alpha band is kept) and, for a JPEG or PNG file, encodes the result as the pipeline would
 * (a CMYK JPEG stays CMYK);
 * a TIFF source's raster (to be written with its TIFF metadata) and the raster of a source given
 * as samples are returned as they are.
 */
export async function runRasterJob(job: RasterJob): Promise<RasterJobResult> {
  const { format, source } = job;
  const transform = (raster: Raster) => {
    const dataBands = hasAlphaBand(format, raster.channels) ? raster.channels - 1 : raster.channels;
    return runRasterKernel(job.kernel, raster, dataBands, job.args);
  };
  // A baseline JPEG (never CMYK) is decoded into reused memory, its samples kept until encoded.
  if (format === "jpeg" && "bytes" in source) {
    const encoded = await withDecodedJpegTurbo(source.bytes, async (raster) =>
      encodeRaster(await transform(raster), { format }),
    );
    if (encoded) return { encoded };
  }
  const result = await transform(await samplesOf(job));
  if (format === "tiff" || "raster" in source) return { raster: result };
  const cmyk = format === "jpeg" && storedJpegColourspace(source.bytes) === "cmyk";
  return { encoded: await encodeRaster(result, { format, cmyk }) };
}
