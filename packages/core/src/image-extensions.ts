import { extname } from "node:path";
import type { ImageFormat } from "./modifier.js";

/**
 * File extensions (lower case, with the dot) that iqf reads as images, and the format each
 * implies: JPEG, PNG and (Geo)TIFF, the formats every package decodes and writes. One list for
 * dataset discovery, modification and measurement; other files in an images folder are skipped.
 */
export const IMAGE_EXTENSIONS: Readonly<Record<string, ImageFormat>> = {
  ".jpg": "jpeg",
  ".jpeg": "jpeg",
  ".png": "png",
  ".tif": "tiff",
  ".tiff": "tiff",
};

/** The image format a file name's extension implies (case-insensitive), or `undefined`. */
export function formatFromExtension(file: string): ImageFormat | undefined {
  const extension = extname(file).toLowerCase();
  return Object.hasOwn(IMAGE_EXTENSIONS, extension) ? IMAGE_EXTENSIONS[extension] : undefined;
}
