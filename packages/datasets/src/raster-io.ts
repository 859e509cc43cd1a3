import { readFile } from "node:fs/promises";
import { formatFromExtension, type ImageFormat, InvalidFile, type Raster, writeFileAtomic } from "@iqf/core";
import { z } from "zod";
import type { DecodedImage, TiffMetadata } from "./decoded-image.js";
import { sniffImageFormat } from "./image-format.js";
import { checkImageBytes } from "./pixel-limit.js";
import { decodeWithSharp, encodeWithSharp, JPEG_WRITE_QUALITY } from "./sharp-codec.js";
import { decodeTiff } from "./tiff-read.js";
import { encodeTiff } from "./tiff-write.js";
import { decodeJpegTurbo, encodeJpegTurbo, type JpegChroma } from "./turbo-jpeg.js";

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Decodes image bytes (JPEG, PNG or TIFF, recognised by content) into a {@link DecodedImage}.
 * 8-bit sequential JPEGs go through libjpeg-turbo when it is available (same samples as sharp,
 * see {@link decodeJpegTurbo}), other JPEGs and PNG through sharp, TIFF (including GeoTIFF)
 * through geotiff; bit depth and band count are kept. An image whose header announces more pixels
 * than the limit ({@link maxImagePixels}) is refused before anything is decoded.
 * @param bytes - the file's bytes.
 * @param file - the file's path, used in error messages.
 * @throws InvalidFile naming `file` when it is not a supported image or is damaged.
 * @throws ImageTooLarge naming `file` when it is over the pixel limit.
 */
export async function decodeImage(bytes: Uint8Array, file: string): Promise<DecodedImage> {
  const format = sniffImageFormat(bytes);
  if (!format)
    throw new InvalidFile(file, `not a JPEG, PNG or TIFF image (${bytes.length} bytes, unrecognised header)`);
  checkImageBytes(bytes, file);
  try {
    if (format === "tiff") return await decodeTiff(bytes);
    const fast = format === "jpeg" ? await decodeJpegTurbo(bytes) : undefined;
    return { raster: fast ?? (await decodeWithSharp(bytes, format)), format };
  } catch (error) {
    throw new InvalidFile(file, `cannot decode ${format.toUpperCase()}: ${reasonOf(error)}`, {
      cause: error,
    });
  }
}

/**
 * Reads and decodes an image file.
 * @example
 * ```ts
 * const { raster, format } = await readRaster("data/ds_geo_dataset/images/sample_geotiff_733601_3725139.tif");
 * // raster.sampleType === "uint16", format === "tiff"
 * ```
 */
export async function readRaster(path: string): Promise<DecodedImage> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new InvalidFile(path, `cannot read: ${reasonOf(error)}`, { cause: error });
  }
  return decodeImage(bytes, path);
}

/** Options of {@link encodeRaster} and {@link writeRaster}. */
export interface EncodeOptions {
  /** Output container format; for {@link writeRaster} defaults to the one the extension implies. */
  readonly format?: ImageFormat;
  /** TIFF metadata of the source (georeferencing etc.), copied into a TIFF output. */
  readonly tiff?: TiffMetadata;
  /** JPEG quality 1–100 when writing JPEG (default 95). */
  readonly jpegQuality?: number;
  /** Chroma subsampling when writing colour JPEG (default `"4:4:4"`). */
  readonly jpegChroma?: JpegChroma;
  /**
   * The raster's four bands are CMYK ink amounts (as decoded from a CMYK JPEG): a JPEG output is
   * then a CMYK JPEG. Without it four bands are RGBA, which a JPEG cannot hold.
   */
  readonly cmyk?: boolean;
}

const encodeOptionsSchema = z.object({
  format: z.enum(["jpeg", "png", "tiff"]).optional(),
  tiff: z.custom<TiffMetadata>((value) => typeof value === "object" && value !== null).optional(),
  jpegQuality: z.number().int().min(1).max(100).optional(),
  jpegChroma: z.enum(["4:4:4", "4:2:0"]).optional(),
  cmyk: z.boolean().optional(),
});

function checkRaster(raster: Raster): void {
  const expected = raster.width * raster.height * raster.channels;
  if (
    !Number.isInteger(raster.width) ||
    !Number.isInteger(raster.height) ||
    raster.width < 1 ||
    raster.height < 1
  )
    throw new RangeError(`raster size ${raster.width}×${raster.height} is not a positive whole size`);
  if (raster.data.length !== expected)
    throw new RangeError(
      `raster data holds ${raster.data.length} samples, expected width×height×channels = ${expected}`,
    );
}

/**
 * Encodes a raster in the given format without converting it: JPEG (8-bit grey or RGB, quality
 * 95 and 4:4:4 unless given; libjpeg-turbo when available, sharp otherwise, the same bytes; CMYK
 * with `options.cmyk`, through sharp), PNG
 * (lossless, 8/16-bit) or TIFF (own writer, deflate, any band count, georeferencing from
 * `options.tiff`).
 * @throws RangeError when the format cannot hold the raster losslessly in depth/bands.
 */
export async function encodeRaster(
  raster: Raster,
  options: EncodeOptions & { format: ImageFormat },
): Promise<Uint8Array> {
  const parsed = encodeOptionsSchema.parse(options);
  checkRaster(raster);
  if (parsed.format === "tiff") return encodeTiff(raster, options.tiff);
  const quality = parsed.jpegQuality ?? JPEG_WRITE_QUALITY;
  const chroma = parsed.jpegChroma ?? "4:4:4";
  const fast = parsed.format === "jpeg" ? await encodeJpegTurbo(raster, { quality, chroma }) : undefined;
  return fast ?? encodeWithSharp(raster, parsed.format!, { quality, chroma, cmyk: parsed.cmyk ?? false });
}

/**
 * Encodes a raster and writes it atomically (temporary file + rename).
 * @param path - destination; its extension picks the format unless `options.format` is given.
 * @throws InvalidFile naming `path` when the format is unknown or cannot hold the raster.
 */
export async function writeRaster(path: string, raster: Raster, options: EncodeOptions = {}): Promise<void> {
  const format = options.format ?? formatFromExtension(path);
  if (!format)
    throw new InvalidFile(
      path,
      "unknown image extension; use .jpg, .jpeg, .png, .tif or .tiff, or pass options.format",
    );
  let bytes: Uint8Array;
  try {
    bytes = await encodeRaster(raster, { ...options, format });
  } catch (error) {
    throw new InvalidFile(path, `cannot encode as ${format.toUpperCase()}: ${reasonOf(error)}`, {
      cause: error,
    });
  }
  await writeFileAtomic(path, bytes);
}
