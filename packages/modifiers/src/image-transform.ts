import {
  formatPyNumber,
  InvalidFile,
  type ModifiedImage,
  type PyNumber,
  type Raster,
  type SourceImage,
} from "@iqf/core";
import { hasAlphaBand } from "./kernels/bands.js";

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
