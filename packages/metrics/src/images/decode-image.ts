import { extname } from "node:path";
import { InvalidFile, type Raster, type SampleArray } from "@iqf/core";
import { readRaster } from "@iqf/datasets";
import sharp from "sharp";

/** A decoded image together with the file family it came from. */
export interface DecodedInput {
  /** The samples, band-interleaved, in file order (RGB for JPEG/PNG, band order for TIFF). */
  readonly raster: Raster;
  /** `tiff` for (Geo)TIFF files, `raster` for every format decoded by libvips (JPEG, PNG, WebP…). */
  readonly family: "tiff" | "raster";
}

const TIFF_EXTENSIONS = new Set([".tif", ".tiff"]);

/**
 * Decodes an image file for measurement. JPEG/PNG go through sharp with the embedded ICC
 * profile ignored, which yields the same pixels as OpenCV/libjpeg-turbo (`cv2.imread`; with the
 * profile applied, three of the ten COCO sample images decode differently); (Geo)TIFF files go
 * through `readRaster` of `@iqf/datasets`, so 16-bit and multi-band rasters keep their samples.
 *
 * @throws InvalidFile naming the file when it cannot be decoded.
 */
export async function decodeMeasuredImage(path: string): Promise<DecodedInput> {
  try {
    if (TIFF_EXTENSIONS.has(extname(path).toLowerCase()))
      return { raster: (await readRaster(path)).raster, family: "tiff" };
    return { raster: await decodeWithSharp(path), family: "raster" };
  } catch (error) {
    if (error instanceof InvalidFile) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidFile(path, `cannot be decoded as an image (${reason}); replace or remove the file`, {
      cause: error,
    });
  }
}

async function decodeWithSharp(path: string): Promise<Raster> {
  const meta = await sharp(path).metadata();
  const is16 = meta.depth === "ushort";
  const pipeline = sharp(path, { ignoreIcc: true, failOn: "error" });
  const { data, info } = await (is16 ? pipeline.raw({ depth: "ushort" }) : pipeline.raw()).toBuffer({
    resolveWithObject: true,
  });
  const samples: SampleArray = is16
    ? Uint16Array.from(new Uint16Array(data.buffer, data.byteOffset, data.byteLength / 2))
    : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return {
    width: info.width,
    height: info.height,
    channels: info.channels,
    sampleType: is16 ? "uint16" : "uint8",
    data: samples,
  };
}
