import { writeFile } from "node:fs";
import { copyFile, rename, rm } from "node:fs/promises";
import type { ModifiedImage } from "@iqf/core";
import { sniffImageFormat } from "./image-format.js";
import { encodeRaster } from "./raster-io.js";
import { storedJpegColourspace } from "./sharp-codec.js";
import type { DatasetImage } from "./source-image.js";

async function moveFile(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
    await copyFile(from, to);
    await rm(from, { force: true });
  }
}

/**
 * Writes bytes to a new file created read-only (the output folder's files all end up so), with
 * one open, write and close (lighter than a `fs/promises` file handle, which counts per image).
 */
function writeReadOnlyFile(path: string, bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) =>
    writeFile(path, bytes, { mode: 0o444 }, (error) => (error ? reject(error) : resolve())),
  );
}

/**
 * Writes a modifier's result for one image to `destination` (whose folder must exist):
 * a raster is encoded in the source's format with its metadata (GeoTIFF tags kept; a CMYK JPEG
 * source gives a CMYK JPEG), encoded bytes
 * are checked to be in the source's format and written (read-only from the start), a file is
 * moved into place.
 * @throws Error explaining what the modifier returned that cannot be stored.
 */
export async function storeModified(
  result: ModifiedImage,
  source: DatasetImage,
  destination: string,
): Promise<void> {
  if ("raster" in result) {
    const tiff = await source.tiffMetadata();
    const cmyk = source.format === "jpeg" && storedJpegColourspace(await source.read()) === "cmyk";
    const bytes = await encodeRaster(result.raster, { format: source.format, cmyk, ...(tiff && { tiff }) });
    await writeReadOnlyFile(destination, bytes);
  } else if ("encoded" in result) {
    const format = sniffImageFormat(result.encoded);
    if (format !== source.format)
      throw new Error(
        `the modifier returned ${format ? format.toUpperCase() : "unrecognised"} bytes for a ${source.format.toUpperCase()} source; encoded results must keep the source format`,
      );
    await writeReadOnlyFile(destination, result.encoded);
  } else if ("file" in result) {
    await moveFile(result.file, destination);
  } else {
    throw new Error("the modifier returned neither a raster, encoded bytes nor a file");
  }
}
