import type { Raster, SampleArray } from "@iqf/core";
import sharp from "sharp";
import { maxImagePixels } from "./pixel-limit.js";
import { jpegFrame } from "./plain-header.js";
import { encodeTiff } from "./tiff-write.js";

/** JPEG quality used when a raster must be written as JPEG (high quality, 4:4:4 chroma). */
export const JPEG_WRITE_QUALITY = 95;

/**
 * zlib level of PNG output: 3 is about twice as fast as the usual 6 and only ~0.1% larger on
 * photographs (PNG stays lossless at every level).
 */
export const PNG_COMPRESSION_LEVEL = 3;

/** libvips interpretation of a written image: 8/16-bit grey or RGB (alpha rides along), or 8-bit CMYK. */
export type Colourspace = "b-w" | "grey16" | "srgb" | "rgb16" | "cmyk";

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

/** Runs a decoding pipeline to raw samples (16-bit when `sixteenBit`) with their geometry. */
async function rawSamples(pipeline: sharp.Sharp, sixteenBit: boolean): Promise<Raster> {
  const { data, info } = await pipeline
    .raw(sixteenBit ? { depth: "ushort" } : {})
    .toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    channels: info.channels,
    sampleType: sixteenBit ? "uint16" : "uint8",
    data: samplesOf(data, sixteenBit),
  };
}

/**
 * Decodes an image with libvips (sharp) into its stored samples: the grey/RGB interpretation and
 * 8/16-bit depth of `layout` are forced so nothing is converted. An embedded ICC profile is not
 * applied, so the samples are the stored ones, as OpenCV's `imread` reads them. No EXIF
 * rotation; truncated data is an error.
 */
export async function decodeSamplesWithSharp(bytes: Uint8Array, layout: StoredLayout): Promise<Raster> {
  // libvips drops the alpha of 8-bit grey+alpha when converting to "b-w", so that layout is read
  // as grey16 and scaled back exactly (8-bit v becomes 257·v).
  const greyAlpha8 = !layout.sixteenBit && layout.channels === 2;
  const readSixteen = layout.sixteenBit || greyAlpha8;
  const pipeline = openSharpSource(bytes).toColourspace(colourspaceFor(layout.channels, readSixteen));
  const raster = await rawSamples(pipeline, readSixteen);
  if (!greyAlpha8) return raster;
  return { ...raster, sampleType: "uint8", data: Uint8Array.from(raster.data, (value) => value / 257) };
}

/**
 * The libvips interpretation that keeps a JPEG's stored bands: `b-w` for one component, `cmyk`
 * for four (CMYK or YCCK, Adobe-inverted data read as ink amounts), `srgb` otherwise.
 */
export function storedJpegColourspace(bytes: Uint8Array): "b-w" | "srgb" | "cmyk" {
  const components = jpegFrame(bytes)?.components;
  return components === 1 ? "b-w" : components === 4 ? "cmyk" : "srgb";
}

/**
 * A libvips pipeline over JPEG bytes ({@link openSharpSource}) whose output keeps the stored bands:
 * a grey JPEG stays one band and a CMYK JPEG four CMYK bands (sharp would otherwise convert both
 * to sRGB), whatever operations or encoder follow.
 */
export function openStoredJpeg(bytes: Uint8Array): sharp.Sharp {
  const colourspace = storedJpegColourspace(bytes);
  const pipeline = openSharpSource(bytes);
  if (colourspace === "cmyk") return pipeline.pipelineColourspace("cmyk").toColourspace("cmyk");
  return colourspace === "b-w" ? pipeline.toColourspace("b-w") : pipeline;
}

/**
 * Decodes JPEG or PNG bytes with sharp, keeping the stored bit depth and bands (a grey JPEG stays
 * one band, a CMYK JPEG four CMYK bands).
 */
export function decodeWithSharp(bytes: Uint8Array, format: "jpeg" | "png"): Promise<Raster> {
  if (format === "png") return decodeSamplesWithSharp(bytes, pngLayout(bytes));
  return rawSamples(openStoredJpeg(bytes), false);
}

/** TIFF metadata that makes {@link encodeTiff} write four bands as uncompressed CMYK. */
const CMYK_TIFF = { compression: 1, photometric: 5, extraSamples: [], tags: [] } as const;

/**
 * A libvips pipeline over a raster's samples with the band count kept: four bands are read as
 * CMYK when `cmyk` (sharp takes raw four-band data as RGBA, so they go through an uncompressed
 * CMYK TIFF in memory), anything else as grey or RGB with alpha.
 */
async function openRaster(raster: Raster, cmyk: boolean): Promise<sharp.Sharp> {
  if (cmyk) return sharp(await encodeTiff(raster, CMYK_TIFF)).pipelineColourspace("cmyk");
  return sharp(raster.data, {
    raw: { width: raster.width, height: raster.height, channels: raster.channels as 1 | 2 | 3 | 4 },
  });
}

/** JPEG settings of {@link encodeWithSharp}. */
export interface SharpJpegOptions {
  /** Quality 1–100. */
  readonly quality: number;
  /** Chroma subsampling of a colour JPEG. */
  readonly chroma: "4:4:4" | "4:2:0";
  /** Four bands are CMYK: written as a CMYK JPEG (else they are RGBA, which JPEG refuses). */
  readonly cmyk: boolean;
}

/**
 * Encodes a raster as JPEG (8-bit grey, RGB or, with `jpeg.cmyk`, CMYK; see {@link encodePipeline})
 * or PNG (lossless, 8/16-bit, 1–4 bands) with sharp.
 * @throws RangeError when the format cannot hold the raster (16-bit or alpha in JPEG, float,
 * >4 bands), instead of silently converting it.
 */
export async function encodeWithSharp(
  raster: Raster,
  format: "jpeg" | "png",
  jpeg: SharpJpegOptions = { quality: JPEG_WRITE_QUALITY, chroma: "4:4:4", cmyk: false },
): Promise<Uint8Array> {
  if (raster.sampleType === "float32")
    throw new RangeError(`${format.toUpperCase()} cannot store 32-bit float samples; write a TIFF instead`);
  if (raster.channels < 1 || raster.channels > 4)
    throw new RangeError(`${format.toUpperCase()} cannot store ${raster.channels} bands (1 to 4 only)`);
  const sixteenBit = raster.sampleType === "uint16";
  const cmyk = format === "jpeg" && jpeg.cmyk && raster.channels === 4;
  if (format === "jpeg" && (sixteenBit || ((raster.channels === 2 || raster.channels === 4) && !cmyk)))
    throw new RangeError(
      `JPEG cannot store ${sixteenBit ? "16-bit samples" : "an alpha band"} without losing data; the modifier must return 8-bit grey, RGB or (for a CMYK source) CMYK for a JPEG source`,
    );
  const colourspace = cmyk ? "cmyk" : colourspaceFor(raster.channels, sixteenBit);
  return encodePipeline(await openRaster(raster, cmyk), format, colourspace, jpeg.quality, jpeg.chroma);
}

/**
 * A libvips pipeline that decodes JPEG or PNG bytes as {@link decodeImage} does: the stored
 * samples (an embedded ICC profile is not applied), no EXIF rotation, truncated data an error,
 * images over the pixel limit ({@link maxImagePixels}) refused.
 * Its output is sRGB unless told otherwise; {@link openStoredJpeg} keeps a JPEG's bands.
 */
export function openSharpSource(bytes: Uint8Array): sharp.Sharp {
  return sharp(bytes, {
    failOn: "truncated",
    sequentialRead: true,
    ignoreIcc: true,
    limitInputPixels: maxImagePixels(),
  });
}

/**
 * Encodes the output of a libvips pipeline as JPEG or PNG with the settings every written image
 * gets: JPEG at `jpegQuality` (default {@link JPEG_WRITE_QUALITY}), `jpegChroma` (default 4:4:4) and standard
 * Huffman tables (optimised tables only shrink the file by a few percent and cost more than the
 * rest of the encode; the pixels are the same); PNG at zlib level {@link PNG_COMPRESSION_LEVEL}.
 * The pipeline's output keeps `colourspace`'s band count and depth (for `cmyk`, the pipeline must
 * process in CMYK, as {@link openStoredJpeg}'s does).
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
