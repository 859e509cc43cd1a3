import { InvalidParams, IqfError } from "@iqf/core";
import sharp from "sharp";
import { sniffImageFormat } from "./image-format.js";
import { jpegFrame } from "./plain-header.js";

/**
 * Largest image iqf decodes unless `IQF_MAX_PIXELS` says otherwise: sharp's own default,
 * 16383 × 16383 ≈ 268 million pixels (about 0.8 GB of 8-bit RGB samples).
 */
export const DEFAULT_MAX_PIXELS = 0x3fff * 0x3fff;

/** Environment variable that sets the pixel limit (a whole number of pixels). */
export const MAX_PIXELS_ENV = "IQF_MAX_PIXELS";

/**
 * The pixel limit in force: `IQF_MAX_PIXELS` when set, else {@link DEFAULT_MAX_PIXELS}.
 * @throws InvalidParams when `IQF_MAX_PIXELS` is not a positive whole number.
 */
export function maxImagePixels(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[MAX_PIXELS_ENV]?.trim();
  if (!raw) return DEFAULT_MAX_PIXELS;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < 1)
    throw new InvalidParams(MAX_PIXELS_ENV, [
      `"${raw}" is not a positive whole number of pixels; set e.g. ${MAX_PIXELS_ENV}=1000000000 or unset it for the default ${DEFAULT_MAX_PIXELS}`,
    ]);
  return value;
}

/** An image's header announces more pixels than the limit: it is refused before any decoding. */
export class ImageTooLarge extends IqfError {
  /** What is wrong and the fix, without the file name (the message starts with it). */
  readonly reason: string;

  /**
   * @param file - the image file.
   * @param width - width from the header.
   * @param height - height from the header.
   * @param limit - the pixel limit in force.
   */
  constructor(
    readonly file: string,
    readonly width: number,
    readonly height: number,
    readonly limit: number,
  ) {
    const pixels = width * height;
    const reason = `its header says ${width}×${height} = ${pixels} pixels, over the limit of ${limit} pixels, so it is not decoded; if the image is genuine and the machine has the memory, raise the limit with ${MAX_PIXELS_ENV}=${pixels}`;
    super("IMAGE_TOO_LARGE", `${file}: ${reason}`);
    this.reason = reason;
  }
}

/**
 * Refuses an image whose size is over the pixel limit ({@link maxImagePixels}).
 * @throws ImageTooLarge naming the file, its size, the limit and how to raise it.
 */
export function checkPixelLimit(file: string, width: number, height: number): void {
  const limit = maxImagePixels();
  if (width * height > limit) throw new ImageTooLarge(file, width, height, limit);
}

/** Width and height of a TIFF's first image from its IFD (classic or BigTIFF), or `undefined`. */
function tiffSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  if (bytes.length < 16) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = bytes[0] === 0x49;
  const big = view.getUint16(2, little) === 43;
  const ifd = big ? Number(view.getBigUint64(8, little)) : view.getUint32(4, little);
  const entrySize = big ? 20 : 12;
  const first = ifd + (big ? 8 : 2);
  if (first > bytes.length) return undefined;
  const count = big ? Number(view.getBigUint64(ifd, little)) : view.getUint16(ifd, little);
  const size: { width?: number; height?: number } = {};
  for (let i = 0; i < count && first + (i + 1) * entrySize <= bytes.length; i++) {
    const at = first + i * entrySize;
    const tag = view.getUint16(at, little);
    if (tag !== 256 && tag !== 257) continue;
    const valueAt = at + (big ? 12 : 8);
    const type = view.getUint16(at + 2, little);
    const value = type === 3 ? view.getUint16(valueAt, little) : view.getUint32(valueAt, little);
    if (tag === 256) size.width = value;
    else size.height = value;
  }
  return size.width !== undefined && size.height !== undefined
    ? { width: size.width, height: size.height }
    : undefined;
}

/** Width and height announced by the header of JPEG, PNG or TIFF bytes, without decoding; `undefined` when unreadable. */
export function headerSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  switch (sniffImageFormat(bytes)) {
    case "jpeg":
      return jpegFrame(bytes);
    case "png": {
      if (bytes.length < 24) return undefined;
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      return { width: view.getUint32(16), height: view.getUint32(20) };
    }
    case "tiff":
      return tiffSize(bytes);
    default:
      return undefined;
  }
}

/**
 * Refuses image bytes whose header announces more pixels than the limit, before anything is
 * decoded or allocated for them.
 * @throws ImageTooLarge naming `file`.
 */
export function checkImageBytes(bytes: Uint8Array, file: string): void {
  const size = headerSize(bytes);
  if (size) checkPixelLimit(file, size.width, size.height);
}

/**
 * Opens an image file for decoding with sharp under iqf's pixel policy: the header is read first
 * (no pixels decoded) and an image over the limit is refused; the returned pipeline also carries
 * the limit, so libvips refuses anything larger itself. Use it for every image file iqf decodes.
 * @param path - the image file.
 * @param options - further sharp options (e.g. `failOn`); `limitInputPixels` is always the policy's.
 * @throws ImageTooLarge naming the file; sharp's own error when the header cannot be read.
 */
export async function openImageFile(path: string, options: sharp.SharpOptions = {}): Promise<sharp.Sharp> {
  const limit = maxImagePixels();
  const { width, height } = await sharp(path, { limitInputPixels: false }).metadata();
  if (width && height) checkPixelLimit(path, width, height);
  return sharp(path, { ...options, limitInputPixels: limit });
}
