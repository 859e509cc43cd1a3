/** Size and bands of an 8-bit grey or RGB JPEG/PNG, read from its header without decoding. */
export interface PlainImageHeader {
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
  /** 1 (grey) or 3 (RGB / YCbCr). */
  readonly channels: 1 | 3;
}

const readUint16 = (bytes: Uint8Array, at: number): number => (bytes[at]! << 8) | bytes[at + 1]!;
const readUint32 = (bytes: Uint8Array, at: number): number =>
  (bytes[at]! * 2 ** 24 + (bytes[at + 1]! << 16) + (bytes[at + 2]! << 8) + bytes[at + 3]!) >>> 0;

/** Start-of-frame markers (C0–CF except DHT C4, JPG C8 and DAC CC) carry precision, size and components. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** Precision, size and component count of a JPEG's frame header (SOF marker). */
export interface JpegFrame {
  /** Bits per sample (8 or 12 for lossy JPEG). */
  readonly precision: number;
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
  /** Colour components: 1 grey, 3 YCbCr/RGB, 4 CMYK/YCCK. */
  readonly components: number;
}

/** The frame header of a JPEG, read without decoding; `undefined` when none comes before the scan data. */
export function jpegFrame(bytes: Uint8Array): JpegFrame | undefined {
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9)) {
      at += 2; // markers without a length
      continue;
    }
    if (marker === 0xda) return undefined; // scan data before any frame header
    if (isStartOfFrame(marker)) {
      if (at + 10 > bytes.length) return undefined;
      return {
        precision: bytes[at + 4]!,
        height: readUint16(bytes, at + 5),
        width: readUint16(bytes, at + 7),
        components: bytes[at + 9]!,
      };
    }
    at += 2 + readUint16(bytes, at + 2);
  }
  return undefined;
}

function jpegHeader(bytes: Uint8Array): PlainImageHeader | undefined {
  const frame = jpegFrame(bytes);
  if (frame?.precision !== 8 || (frame.components !== 1 && frame.components !== 3)) return undefined;
  return { width: frame.width, height: frame.height, channels: frame.components };
}

function pngHeader(bytes: Uint8Array): PlainImageHeader | undefined {
  if (bytes.length < 33 || bytes[24] !== 8) return undefined;
  const colourType = bytes[25];
  if (colourType !== 0 && colourType !== 2) return undefined;
  // A tRNS chunk before the image data gives a grey/RGB PNG an alpha band on decoding.
  let at = 8;
  while (at + 8 <= bytes.length) {
    const type = String.fromCharCode(bytes[at + 4]!, bytes[at + 5]!, bytes[at + 6]!, bytes[at + 7]!);
    if (type === "tRNS") return undefined;
    if (type === "IDAT") break;
    at += 12 + readUint32(bytes, at);
  }
  return { width: readUint32(bytes, 16), height: readUint32(bytes, 20), channels: colourType === 0 ? 1 : 3 };
}

/**
 * The header of a JPEG or PNG that decodes to 8-bit grey or RGB samples without alpha (baseline
 * or progressive 8-bit JPEG with 1 or 3 components; 8-bit grey or RGB PNG without transparency),
 * or `undefined` for anything else (16-bit, palette, alpha, CMYK, TIFF, damaged headers).
 * Such images can be decoded, transformed and re-encoded by libvips in one pipeline.
 */
export function plainImageHeader(bytes: Uint8Array, format: "jpeg" | "png"): PlainImageHeader | undefined {
  return format === "jpeg" ? jpegHeader(bytes) : pngHeader(bytes);
}
