import type { Raster } from "@iqf/core";
import { encodeJpegTurbo, openStoredJpeg, withDecodedJpegTurbo } from "@iqf/datasets";
import sharp from "sharp";
import { mapSharpGroups } from "./bands.js";

/** libvips JPEG options: baseline, standard IJG tables scaled by quality, 4:2:0 (as OpenCV). */
export function jpegOptions(quality: number): sharp.JpegOptions {
  return { quality, chromaSubsampling: "4:2:0", progressive: false, mozjpeg: false, optimiseCoding: false };
}

/**
 * Re-encodes JPEG file bytes once at `quality`, 4:2:0 (one lossy pass; EXIF and other metadata
 * dropped), decoding them as the pipeline does (stored samples, no ICC conversion; a grey JPEG
 * stays grey and a CMYK JPEG CMYK): with libjpeg-turbo when it takes the file, otherwise in
 * libvips — the same bytes either way.
 */
export async function reencodeJpeg(bytes: Uint8Array, quality: number): Promise<Uint8Array> {
  const fast = await withDecodedJpegTurbo(bytes, (raster) =>
    encodeJpegTurbo(raster, { quality, chroma: "4:2:0" }),
  );
  if (fast) return fast;
  return openStoredJpeg(bytes).jpeg(jpegOptions(quality)).toBuffer();
}

/**
 * One JPEG encode at `quality` and a decode, on an 8-bit raster: 1- and 3-band rasters go through
 * as grey or colour JPEG, other band counts one band at a time as grey JPEGs.
 */
export async function jpegRoundTrip(raster: Raster, quality: number): Promise<Raster> {
  if (raster.sampleType !== "uint8")
    throw new RangeError(`JPEG holds 8-bit samples, got ${raster.sampleType}`);
  return mapSharpGroups(raster, async (group) => {
    const { width, height, channels } = group;
    const encoded = await sharp(group.data, { raw: { width, height, channels: channels as 1 | 3 } })
      .jpeg(jpegOptions(quality))
      .toBuffer();
    const decoder = sharp(encoded);
    if (group.channels === 1) decoder.toColourspace("b-w");
    const { data, info } = await decoder.raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== group.channels) {
      throw new RangeError(`JPEG decode gave ${info.channels} bands instead of ${group.channels}`);
    }
    return { ...group, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  });
}

/** Peak sample value of a raster (at least 1), the scale used to carry 16-bit data through JPEG. */
export function peakValue(raster: Raster): number {
  let peak = 1;
  const { data } = raster;
  for (let i = 0; i < data.length; i++) if (data[i]! > peak) peak = data[i]!;
  return peak;
}

/** Maps samples linearly from [0, peak] to 8-bit [0, 255] (rounded). */
export function scaleTo8Bit(raster: Raster, peak: number): Raster {
  const out = new Uint8Array(raster.data.length);
  const factor = 255 / peak;
  for (let i = 0; i < out.length; i++) out[i] = Math.round(raster.data[i]! * factor);
  return { ...raster, sampleType: "uint8", data: out };
}

/** Maps 8-bit samples back from [0, 255] to 16-bit [0, peak] (rounded). */
export function scaleFrom8Bit(raster: Raster, peak: number): Raster {
  const out = new Uint16Array(raster.data.length);
  const factor = peak / 255;
  for (let i = 0; i < out.length; i++) out[i] = Math.round(raster.data[i]! * factor);
  return { ...raster, sampleType: "uint16", data: out };
}
