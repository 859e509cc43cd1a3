import type { Raster } from "@iqf/core";
import type { DecodedInput } from "./decode-image.js";

/** One band of an image as doubles, row-major. Zero samples mean "no data", as in iquaflow. */
export interface ChannelPlane {
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
  /** Samples, `data[y * width + x]`. */
  readonly data: Float64Array;
  /** Label of the band, e.g. `B`, `G`, `R` or `band 1`. */
  readonly label: string;
}

/** Extracts band `c` of a raster into a double plane. */
export function extractPlane(raster: Raster, c: number, label: string): ChannelPlane {
  const { width, height, channels, data } = raster;
  const out = new Float64Array(width * height);
  if (data instanceof Uint8Array) copyBand8(data, channels, c, out);
  else copyBand(data, channels, c, out);
  return { width, height, data: out, label };
}

/** Band copy specialised for 8-bit samples (keeps the hot loop monomorphic). */
function copyBand8(data: Uint8Array, channels: number, c: number, out: Float64Array): void {
  for (let i = 0, j = c; i < out.length; i++, j += channels) out[i] = data[j]!;
}

/** Band copy for 16-bit and float samples. */
function copyBand(data: ArrayLike<number>, channels: number, c: number, out: Float64Array): void {
  for (let i = 0, j = c; i < out.length; i++, j += channels) out[i] = data[j]!;
}

/**
 * The channels in the order iquaflow measures them: for JPEG/PNG (read by `cv2.imread` there)
 * three planes in B, G, R order (a gray image repeated, alpha dropped); for TIFF every band in
 * file order. Keeping this order keeps the across-channel sums identical to the original.
 */
export function iquaflowPlanes(input: DecodedInput): ChannelPlane[] {
  const { raster } = input;
  if (input.family === "tiff") {
    return Array.from({ length: raster.channels }, (_, c) => extractPlane(raster, c, `band ${c + 1}`));
  }
  if (raster.channels < 3) {
    const gray = extractPlane(raster, 0, "gray");
    return ["B", "G", "R"].map((label) => ({ ...gray, label }));
  }
  return [extractPlane(raster, 2, "B"), extractPlane(raster, 1, "G"), extractPlane(raster, 0, "R")];
}
