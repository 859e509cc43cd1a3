import { extname } from "node:path";
import { InvalidFile, IqfError, type Raster } from "@iqf/core";
import { readRaster } from "@iqf/datasets";
import { rgbFromInk } from "./ink-to-rgb.js";

/** A decoded image together with the file family it came from. */
export interface DecodedInput {
  /** The samples, band-interleaved, in file order (RGB for JPEG/PNG, band order for TIFF). */
  readonly raster: Raster;
  /** `tiff` for (Geo)TIFF files, `raster` for every format decoded by libvips (JPEG, PNG, WebP…). */
  readonly family: "tiff" | "raster";
}

const TIFF_EXTENSIONS = new Set([".tif", ".tiff"]);

/**
 * Decodes an image file for measurement with `readRaster` of `@iqf/datasets`: JPEG/PNG samples
 * are read with the embedded ICC profile ignored, the same pixels as OpenCV/libjpeg-turbo
 * (`cv2.imread`; a CMYK JPEG becomes the RGB `cv2.imread` gives for it), and 16-bit and
 * multi-band (Geo)TIFF rasters keep their samples.
 *
 * @throws InvalidFile naming the file when it cannot be decoded; `ImageTooLarge` of
 * `@iqf/datasets` when it is over the pixel limit.
 */
export async function decodeMeasuredImage(path: string): Promise<DecodedInput> {
  try {
    const family = TIFF_EXTENSIONS.has(extname(path).toLowerCase()) ? "tiff" : "raster";
    const { raster, format } = await readRaster(path);
    const cmyk = format === "jpeg" && raster.channels === 4;
    return { raster: cmyk ? rgbFromInk(raster) : raster, family };
  } catch (error) {
    if (error instanceof IqfError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidFile(path, `cannot be decoded as an image (${reason}); replace or remove the file`, {
      cause: error,
    });
  }
}
