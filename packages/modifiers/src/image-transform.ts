import {
  defaultConcurrency,
  deserializeError,
  formatPyNumber,
  InvalidFile,
  type ModifiedImage,
  type PyNumber,
  type Raster,
  type SerializedError,
  type SourceImage,
  WorkerPool,
} from "@iqf/core";
import { jpegTurboHeader, type PlainPipeline, transformPlainImage } from "@iqf/datasets";
import { hasAlphaBand } from "./kernels/bands.js";
import type { RasterJob, RasterJobResult } from "./worker/raster-job.js";
import type { RasterKernelArgs, RasterKernelName } from "./worker/raster-kernels.js";

/** iquaflow's folder-name suffix for a modifier: `<prefix><value>_modifier`, value in Python `str()` form. */
export function modifierName(prefix: string, value: PyNumber): string {
  return `${prefix}${formatPyNumber(value)}_modifier`;
}

/**
 * Decodes a source image, hands its raster and the number of data bands (all bands, or all but a
 * PNG's trailing alpha) to `transform`, and returns the new raster for the pipeline to encode in
 * the source's format. A kernel's `RangeError` (an image the modifier cannot take, e.g. float
 * samples for `quant`) becomes an {@link InvalidFile} naming the image.
 */
export async function transformRaster(
  modifier: string,
  image: SourceImage,
  transform: (raster: Raster, dataBands: number) => Raster | Promise<Raster>,
): Promise<ModifiedImage> {
  const raster = await image.decode();
  const dataBands = hasAlphaBand(image.format, raster.channels) ? raster.channels - 1 : raster.channels;
  try {
    return { raster: await transform(raster, dataBands) };
  } catch (error) {
    if (error instanceof RangeError)
      throw new InvalidFile(image.path, `${modifier}: ${error.message}`, { cause: error });
    throw error;
  }
}

/**
 * Whether a source takes the libjpeg-turbo path: a JPEG that {@link jpegTurboHeader} accepts
 * (8-bit sequential, grey or YCbCr, libjpeg-turbo loaded).
 */
async function takesJpegFastPath(image: SourceImage): Promise<boolean> {
  return image.format === "jpeg" && jpegTurboHeader(await image.read()) !== undefined;
}

/**
 * The fast paths of a codec-bound modifier (`quant`, `gsd`): a baseline JPEG
 * ({@link takesJpegFastPath}) is decoded with libjpeg-turbo, given to `kernel` and encoded on a
 * worker thread ({@link transformInWorker}); another 8-bit grey or RGB JPEG/PNG is decoded,
 * transformed by `build`'s pipeline and re-encoded in one libvips pass, never copied into
 * JavaScript. Resolves to `undefined` for any other source (TIFF, 16-bit, alpha, palette), which
 * then takes the raster path. `kernel` and `build` must give the samples the raster path would.
 * @throws InvalidFile naming the image when it cannot be decoded or transformed.
 */
export async function transformFast<K extends RasterKernelName>(
  modifier: string,
  image: SourceImage,
  kernel: K,
  args: RasterKernelArgs[K],
  build: PlainPipeline,
): Promise<ModifiedImage | undefined> {
  if (await takesJpegFastPath(image)) return transformInWorker(modifier, image, kernel, args);
  if (image.format === "tiff") return undefined;
  const format = image.format;
  const bytes = await image.read();
  try {
    const encoded = await transformPlainImage(bytes, format, build);
    return encoded && { encoded };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidFile(
      image.path,
      `${modifier}: cannot decode ${format.toUpperCase()} or apply the modifier: ${reason}`,
      { cause: error },
    );
  }
}

let rasterWorkers: WorkerPool<RasterJob, RasterJobResult> | undefined;

/**
 * Runs a raster kernel on a worker thread (one per core, started on first use): the worker
 * decodes the source (or takes the decoded raster of a source without a file), applies the
 * kernel to its data bands (a PNG's alpha band is kept) and encodes a JPEG/PNG result, so the
 * main thread only moves bytes. Same result as
 * {@link transformRaster} with the same kernel; a kernel's `RangeError` becomes an
 * {@link InvalidFile} naming the image.
 */
export async function transformInWorker<K extends RasterKernelName>(
  modifier: string,
  image: SourceImage,
  kernel: K,
  args: RasterKernelArgs[K],
): Promise<ModifiedImage> {
  rasterWorkers ??= new WorkerPool(
    new URL("./worker/raster-worker.js", import.meta.url),
    defaultConcurrency(),
  );
  // The worker decodes the file itself; a source without a file (in memory) sends its raster.
  const bytes = await image.read().catch(() => undefined);
  const source = bytes ? { bytes } : { raster: await image.decode() };
  const job: RasterJob<K> = { path: image.path, format: image.format, source, kernel, args };
  const reply = await rasterWorkers.run(job);
  if ("result" in reply) return reply.result;
  const error = deserializeError(reply.error as SerializedError);
  if (error instanceof RangeError) throw new InvalidFile(image.path, `${modifier}: ${error.message}`);
  throw error;
}
