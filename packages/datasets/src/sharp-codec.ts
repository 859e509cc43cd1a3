import type { Raster, SampleArray } from "@iqf/core";
import sharp from "sharp";
import { plainImageHeader } from "./plain-header.js";

/** JPEG quality used when a raster must be written as JPEG (high quality, 4:4:4 chroma). */
export const JPEG_WRITE_QUALITY = 95;

/**
 * zlib level of PNG output: 3 is about twice as fast as the usual 6 and only ~0.1% larger on
 * photographs (PNG stays lossless at every level).
 */
export const PNG_COMPRESSION_LEVEL = 3;

/** libvips interpretation of a written image: 8/16-bit grey or RGB (alpha rides along). */
export type Colourspace = "b-w" | "grey16" | "srgb" | "rgb16";

/** The interpretation that keeps `channels` bands at 8 or 16 bits. */
function colourspaceFor(channels: number, sixteenBit: boolean): Colourspace {
  if (channels <= 2) return sixteenBit ? "grey16" : "b-w";
  return sixteenBit ? "rgb16" : "srgb";
}

/** PNG bit depth and channel count read from the IHDR chunk (bytes 24 and 25). */
function pngLayout(bytes: Uint8Array): StoredLayout {
  const bitDepth = bytes[24];
  const colourType = bytes[25];
  const channels = colourType === 0 ? 1 : colourType === 4 ? 2 : colourType === 6 ? 4 : 3;
  return { sixteenBit: bitDepth === 16, channels };
}

function samplesOf(buffer: Buffer, sixteenBit: boolean): SampleArray {
  if (!sixteenBit) return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  if (buffer.byteOffset % 2 === 0)
    return new Uint16Array(buffer.buffer, buffer.byteOffset, buffer.byteLength / 2);
  return new Uint16Array(Uint8Array.from(buffer).buffer);
}

/** Band count and bit depth an image is stored with, when known before decoding. */
export interface StoredLayout {
  /** Bands: 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA. */
  readonly channels: number;
  /** True for 16-bit samples. */
  readonly sixteenBit: boolean;
}

/**
 * Decodes an image with libvips (sharp) into its stored samples: with a known `layout`, the
 * grey/RGB interpretation and 8/16-bit depth are forced so nothing is converted; without one
 * (JPEG) libvips' own 8-bit interpretation is kept. An embedded ICC profile is not applied, so the
 * samples are the stored ones, as OpenCV's `imread` reads them. No EXIF rotation; truncated data is an error.
 */
export async function decodeSamplesWithSharp(bytes: Uint8Array, layout?: StoredLayout): Promise<Raster> {
  const sixteenBit = layout?.sixteenBit ?? false;
  // libvips drops the alpha of 8-bit grey+alpha when converting to "b-w", so that layout is read
  // as grey16 and scaled back exactly (8-bit v becomes 257·v).
  const greyAlpha8 = layout !== undefined && !sixteenBit && layout.channels === 2;
  const readSixteen = sixteenBit || greyAlpha8;
  let pipeline = openSharpSource(bytes);
  if (layout) pipeline = pipeline.toColourspace(colourspaceFor(layout.channels, readSixteen));
  const { data, info } = await pipeline
    .raw(readSixteen ? { depth: "ushort" } : {})
    .toBuffer({ resolveWithObject: true });
  let samples = samplesOf(data, readSixteen);
  if (greyAlpha8) samples = Uint8Array.from(samples, (value) => value / 257);
  return {
    width: info.width,
    height: info.height,
    channels: info.channels,
    sampleType: sixteenBit ? "uint16" : "uint8",
    data: samples,
  };
}

/** Decodes JPEG or PNG bytes with sharp, keeping the stored bit depth and bands (a grey JPEG stays one band). */
export function decodeWithSharp(bytes: Uint8Array, format: "jpeg" | "png"): Promise<Raster> {
  if (format === "png") return decodeSamplesWithSharp(bytes, pngLayout(bytes));
  const grey = plainImageHeader(bytes, "jpeg")?.channels === 1;
  return decodeSamplesWithSharp(bytes, grey ? { channels: 1, sixteenBit: false } : undefined);
}

/**
 * Encodes a raster as JPEG (8-bit, 1 or 3 bands, quality {@link JPEG_WRITE_QUALITY} unless
 * given, see {@link encodePipeline}) or PNG (lossless, 8/16-bit, 1–4 bands) with sharp.
 * @throws RangeError when the format cannot hold the raster (16-bit or alpha in JPEG, float, >4 bands),
 * instead of silently converting it.
 */
export async function encodeWithSharp(
  raster: Raster,
  format: "jpeg" | "png",
  jpegQuality = JPEG_WRITE_QUALITY,
  jpegChroma: "4:4:4" | "4:2:0" = "4:4:4",
): Promise<Uint8Array> {
  if (raster.sampleType === "float32")
    throw new RangeError(`${format.toUpperCase()} cannot store 32-bit float samples; write a TIFF instead`);
  if (raster.channels < 1 || raster.channels > 4)
    throw new RangeError(`${format.toUpperCase()} cannot store ${raster.channels} bands (1 to 4 only)`);
  const sixteenBit = raster.sampleType === "uint16";
  if (format === "jpeg" && (sixteenBit || raster.channels === 2 || raster.channels === 4))
    throw new RangeError(
      `JPEG cannot store ${sixteenBit ? "16-bit samples" : "an alpha band"} without losing data; the modifier must return 8-bit grey or RGB for a JPEG source`,
    );
  const raw = sharp(raster.data, {
    raw: { width: raster.width, height: raster.height, channels: raster.channels as 1 | 2 | 3 | 4 },
  });
  return encodePipeline(raw, format, colourspaceFor(raster.channels, sixteenBit), jpegQuality, jpegChroma);
}

/**
 * A libvips pipeline that decodes JPEG or PNG bytes as {@link decodeImage} does: the stored
 * samples (an embedded ICC profile is not applied), no EXIF rotation, truncated data an error.
 */
export function openSharpSource(bytes: Uint8Array): sharp.Sharp {
  return sharp(bytes, { failOn: "truncated", sequentialRead: true, ignoreIcc: true });
}

/**
 * Encodes the output of a libvips pipeline as JPEG or PNG with the settings every written image
 * gets: JPEG at `jpegQuality` (default {@link JPEG_WRITE_QUALITY}), `jpegChroma` (default 4:4:4) and standard
 * Huffman tables (optimised tables only shrink the file by a few percent and cost more than the
 * rest of the encode; the pixels are the same); PNG at zlib level {@link PNG_COMPRESSION_LEVEL}.
 * The pipeline's output keeps `colourspace`'s band count and depth.
 */
export async function encodePipeline(
  pipeline: sharp.Sharp,
  format: "jpeg" | "png",
  colourspace: Colourspace,
  jpegQuality = JPEG_WRITE_QUALITY,
  jpegChroma: "4:4:4" | "4:2:0" = "4:4:4",
): Promise<Uint8Array> {
  // sRGB is sharp's output colourspace already; asking for it again on 8-bit RGB(A) costs about
  // a tenth of a JPEG encode for the same bytes.
  const input = colourspace === "srgb" ? pipeline : pipeline.toColourspace(colourspace);
  const encoded =
    format === "jpeg"
      ? input.jpeg({ quality: jpegQuality, chromaSubsampling: jpegChroma, optimiseCoding: false })
      : input.png({ compressionLevel: PNG_COMPRESSION_LEVEL });
  const buffer = await encoded.toBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
