import type { ImageFormat } from "@iqf/core";

/** Decides an image's container format from its first bytes (magic numbers), or `undefined`. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47)
    return "png";
  if (bytes.length >= 4) {
    const littleEndian = bytes[0] === 0x49 && bytes[1] === 0x49 && bytes[3] === 0;
    const bigEndian = bytes[0] === 0x4d && bytes[1] === 0x4d && bytes[2] === 0;
    const magic = littleEndian ? bytes[2] : bigEndian ? bytes[3] : 0;
    if (magic === 42 || magic === 43) return "tiff";
  }
  return undefined;
}
