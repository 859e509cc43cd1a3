import type { Raster } from "@iqf/core";
import type { PlainImageHeader } from "./plain-header.js";
import { TJ, TJPARAM, type TurboJpegLibrary, turboJpegLibrary } from "./turbo-jpeg-library.js";

/** Chroma subsampling of a colour JPEG written by sharp and by {@link encodeJpegTurbo}. */
export type JpegChroma = "4:4:4" | "4:2:0";

/** Chroma subsampling of a colour JPEG written by {@link encodeJpegTurbo}: also 4:2:2, 4:4:0 and 4:1:1. */
export type JpegTurboChroma = JpegChroma | "4:2:2" | "4:4:0" | "4:1:1";

/** Largest image decoded on the fast path: sharp's default pixel limit (larger ones go to sharp). */
const MAX_PIXELS = 0x3fff * 0x3fff;

/** TurboJPEG subsampling codes (`TJSAMP_*`). */
const SUBSAMPLING: Readonly<Record<JpegTurboChroma | "grey", number>> = {
  "4:4:4": 0,
  "4:2:2": 1,
  "4:2:0": 2,
  grey: 3,
  "4:4:0": 4,
  "4:1:1": 5,
};

/** A new byte array that is not zero-filled (every byte is about to be written). */
function uninitialised(length: number): Uint8Array {
  const buffer = Buffer.allocUnsafeSlow(length);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, length);
}

/** Output space of each compressor handle, reused (a handle runs one call at a time). */
const outputs = new Map<unknown, Uint8Array>();

/** Largest decode or output space kept for reuse (64 MB: a 21-Mpx RGB image); larger images get their own. */
const KEPT_OUTPUT_BYTES = 64 * 1024 * 1024;

/** The output space of a compressor handle: at least `capacity` bytes. */
function outputFor(handle: unknown, capacity: number): Uint8Array {
  const kept = outputs.get(handle);
  if (kept && kept.length >= capacity) return kept;
  const out = uninitialised(capacity);
  if (capacity <= KEPT_OUTPUT_BYTES) outputs.set(handle, out);
  return out;
}

/** Runs a koffi async call and resolves to its return code. */
function call(start: (done: (error: unknown, result: number) => void) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    start((error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** Reads the header with a decompressor handle; the header when the fast path takes the image. */
function fastPathHeader(
  library: TurboJpegLibrary,
  handle: unknown,
  bytes: Uint8Array,
): PlainImageHeader | undefined {
  if (library.readHeader(handle, bytes, bytes.length) !== 0) return undefined;
  const get = (param: number) => library.get(handle, param);
  const colourspace = get(TJPARAM.colourspace);
  const sequential =
    get(TJPARAM.progressive) === 0 && get(TJPARAM.arithmetic) === 0 && get(TJPARAM.lossless) === 0;
  if (!sequential || get(TJPARAM.precision) !== 8) return undefined;
  if (colourspace !== TJ.colourYcbcr && colourspace !== TJ.colourGrey) return undefined;
  const width = get(TJPARAM.width);
  const height = get(TJPARAM.height);
  if (width * height > MAX_PIXELS) return undefined;
  return { width, height, channels: colourspace === TJ.colourGrey ? 1 : 3 };
}

/**
 * The header of a JPEG that the libjpeg-turbo fast path decodes: 8-bit, sequential Huffman
 * (baseline or extended), YCbCr or grey, at most 16383² pixels. `undefined` for any other JPEG
 * (progressive, arithmetic, lossless, 12-bit, CMYK/YCCK, RGB-coded, damaged headers) and when
 * libjpeg-turbo is not available; those go through sharp/libvips.
 */
export function jpegTurboHeader(bytes: Uint8Array): PlainImageHeader | undefined {
  const library = turboJpegLibrary();
  if (!library) return undefined;
  const handle = library.take("decompress");
  try {
    return fastPathHeader(library, handle, bytes);
  } finally {
    library.give("decompress", handle);
  }
}

/** Decode space of each decompressor handle, reused by {@link withDecodedJpegTurbo} (a handle runs one call at a time). */
const decodeSpaces = new Map<unknown, Uint8Array>();

/**
 * Decodes with a decompressor handle into `space(length)` (the samples' memory).
 * @returns the raster, or `undefined` when the fast path does not take the image or
 * libjpeg-turbo reports a warning or an error.
 */
async function decodeWith(
  library: TurboJpegLibrary,
  handle: unknown,
  bytes: Uint8Array,
  space: (length: number) => Uint8Array,
): Promise<Raster | undefined> {
  const header = fastPathHeader(library, handle, bytes);
  if (!header) return undefined;
  const { width, height, channels } = header;
  library.set(handle, TJPARAM.fastDct, 0);
  library.set(handle, TJPARAM.fastUpsample, 0);
  library.set(handle, TJPARAM.maxPixels, MAX_PIXELS);
  const data = space(width * height * channels);
  const format = channels === 1 ? TJ.pixelGrey : TJ.pixelRgb;
  const code = await call((done) => library.decompress(handle, bytes, bytes.length, data, 0, format, done));
  return code === 0 ? { width, height, channels, sampleType: "uint8", data } : undefined;
}

/**
 * Decodes a JPEG with libjpeg-turbo (on a libuv thread) to the samples sharp/libvips gives for
 * it: accurate integer IDCT and fancy (triangle) chroma upsampling — libvips' settings — stored
 * samples without ICC conversion or EXIF rotation, 1 band for grey and 3 for colour.
 * @returns the raster, or `undefined` when the fast path does not take the image
 * ({@link jpegTurboHeader}) or libjpeg-turbo reports any warning or error (truncated or corrupt
 * data): the caller then decodes with sharp, which gives today's result or error.
 */
export async function decodeJpegTurbo(bytes: Uint8Array): Promise<Raster | undefined> {
  const library = turboJpegLibrary();
  if (!library) return undefined;
  const handle = library.take("decompress");
  try {
    return await decodeWith(library, handle, bytes, uninitialised);
  } finally {
    library.give("decompress", handle);
  }
}

/**
 * {@link decodeJpegTurbo} into memory that later calls reuse (no allocation per image), for work
 * that is done with the samples once `use` settles, such as a decode, a kernel and an encode.
 * @param use - receives the samples, valid only until the promise it returns settles.
 * @returns what `use` resolves to, or `undefined` (without calling `use`) when the fast path
 * does not take the image: the caller then goes through sharp.
 */
export async function withDecodedJpegTurbo<T>(
  bytes: Uint8Array,
  use: (raster: Raster) => T | Promise<T>,
): Promise<T | undefined> {
  const library = turboJpegLibrary();
  if (!library) return undefined;
  const handle = library.take("decompress");
  try {
    const raster = await decodeWith(library, handle, bytes, (length) => {
      const kept = decodeSpaces.get(handle);
      if (kept && kept.length >= length) return kept.subarray(0, length);
      const space = uninitialised(length);
      if (length <= KEPT_OUTPUT_BYTES) decodeSpaces.set(handle, space);
      return space;
    });
    return raster && (await use(raster));
  } finally {
    library.give("decompress", handle);
  }
}

/** Length of a leading JFIF APP0 segment after the SOI marker (libvips writes none), else 0. */
function jfifSegmentLength(jpeg: Uint8Array): number {
  const isJfif =
    jpeg[2] === 0xff && jpeg[3] === 0xe0 && String.fromCharCode(...jpeg.subarray(6, 11)) === "JFIF\0";
  return isJfif ? 2 + ((jpeg[4]! << 8) | jpeg[5]!) : 0;
}

/** Options of {@link encodeJpegTurbo}. */
export interface JpegTurboEncodeOptions {
  /** JPEG quality 1–100 (IJG tables scaled as libjpeg does). */
  readonly quality: number;
  /** Chroma subsampling of a colour image (grey images have none). */
  readonly chroma: JpegTurboChroma;
}

/**
 * Encodes an 8-bit grey or RGB raster as a baseline JPEG with libjpeg-turbo (on a libuv thread):
 * accurate integer DCT, standard Huffman tables, IJG quality scaling, no JFIF/EXIF/ICC segments —
 * byte for byte the file sharp/libvips writes with `{ quality, chromaSubsampling,
 * optimiseCoding: false }` (tested).
 * @returns the JPEG bytes, or `undefined` when libjpeg-turbo is not available or the raster is
 * not 8-bit grey or RGB (the caller then uses sharp).
 */
export async function encodeJpegTurbo(
  raster: Raster,
  options: JpegTurboEncodeOptions,
): Promise<Uint8Array | undefined> {
  const library = turboJpegLibrary();
  const { width, height, channels, data } = raster;
  if (!library || raster.sampleType !== "uint8" || (channels !== 1 && channels !== 3)) return undefined;
  const pixels = data as Uint8Array;
  const subsampling = SUBSAMPLING[channels === 1 ? "grey" : options.chroma];
  const handle = library.take("compress");
  try {
    library.set(handle, TJPARAM.quality, options.quality);
    library.set(handle, TJPARAM.subsampling, subsampling);
    library.set(handle, TJPARAM.noRealloc, 1);
    library.set(handle, TJPARAM.fastDct, 0);
    library.set(handle, TJPARAM.optimize, 0);
    const capacity = library.bufferSize(width, height, subsampling);
    const out = outputFor(handle, capacity);
    const size: [number] = [capacity];
    const format = channels === 1 ? TJ.pixelGrey : TJ.pixelRgb;
    const code = await call((done) =>
      library.compress(handle, pixels, width, 0, height, format, [out], size, done),
    );
    if (code !== 0) throw new Error(`libjpeg-turbo: ${library.errorText(handle)}`);
    const skip = jfifSegmentLength(out);
    const jpeg = uninitialised(size[0] - skip);
    jpeg.set(out.subarray(0, 2));
    jpeg.set(out.subarray(2 + skip, size[0]), 2);
    return jpeg;
  } finally {
    library.give("compress", handle);
  }
}
