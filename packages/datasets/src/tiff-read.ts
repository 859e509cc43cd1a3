import type { SampleArray, SampleType } from "@iqf/core";
import { fromArrayBuffer, type GeoTIFFImage } from "geotiff";
import type { DecodedImage, TiffMetadata, TiffTag } from "./decoded-image.js";
import { decodeSamplesWithSharp } from "./sharp-codec.js";
import { KEPT_TAGS } from "./tiff-tags.js";

/** Copies the bytes into a standalone ArrayBuffer (geotiff reads from ArrayBuffers). */
function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  if (
    bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength &&
    bytes.buffer instanceof ArrayBuffer
  )
    return bytes.buffer;
  return bytes.slice().buffer as ArrayBuffer;
}

async function firstImage(bytes: Uint8Array): Promise<GeoTIFFImage> {
  const tiff = await fromArrayBuffer(toArrayBuffer(bytes));
  return tiff.getImage(0);
}

function tagValue(raw: unknown): string | readonly number[] | undefined {
  if (typeof raw === "string") return raw;
  if (typeof raw === "number") return [raw];
  if (ArrayBuffer.isView(raw) || Array.isArray(raw)) return Array.from(raw as ArrayLike<number>, Number);
  return undefined;
}

function metadataOf(image: GeoTIFFImage): TiffMetadata {
  const directory = image.fileDirectory as Record<string, unknown>;
  const tags: TiffTag[] = [];
  for (const kept of KEPT_TAGS) {
    const value = tagValue(directory[kept.name]);
    if (value !== undefined) tags.push({ id: kept.id, value });
  }
  return {
    compression: Number(directory.Compression ?? 1),
    photometric: Number(directory.PhotometricInterpretation ?? 1),
    extraSamples: (tagValue(directory.ExtraSamples) as readonly number[] | undefined) ?? [],
    tags,
  };
}

function sampleTypeOf(image: GeoTIFFImage): SampleType | string {
  const bits = image.getBitsPerSample(0);
  const format = image.getSampleFormat(0) ?? 1;
  for (let band = 1; band < image.getSamplesPerPixel(); band++) {
    if (image.getBitsPerSample(band) !== bits || (image.getSampleFormat(band) ?? 1) !== format)
      return "mixed bit depths across bands";
  }
  if (format === 1 && bits === 8) return "uint8";
  if (format === 1 && bits === 16) return "uint16";
  if (format === 3 && bits === 32) return "float32";
  const kind =
    format === 1 ? "unsigned" : format === 2 ? "signed" : format === 3 ? "float" : `format ${format}`;
  return `${bits}-bit ${kind} samples`;
}

/**
 * Reads the metadata of a TIFF file's first image (compression, photometric interpretation and
 * the tags kept on write) without decoding its pixels.
 */
export async function readTiffMetadata(bytes: Uint8Array): Promise<TiffMetadata> {
  return metadataOf(await firstImage(bytes));
}

/** True when libvips decodes this TIFF layout to exactly the stored samples (grey or RGB, chunky). */
function sharpCanDecode(image: GeoTIFFImage, metadata: TiffMetadata, sampleType: SampleType): boolean {
  const bands = image.getSamplesPerPixel();
  const planar = Number((image.fileDirectory as Record<string, unknown>).PlanarConfiguration ?? 1);
  if (sampleType === "float32" || (planar !== 1 && bands > 1)) return false;
  if (metadata.photometric === 1) return bands <= 2;
  return metadata.photometric === 2 && (bands === 3 || bands === 4);
}

/**
 * Decodes the first image of a (Geo)TIFF file: 8- or 16-bit unsigned or 32-bit float samples,
 * any band count, any compression geotiff supports (LZW, deflate, packbits, ...). Tags and
 * georeferencing are read with geotiff; the pixels of grey/RGB chunky files are decoded by
 * libvips (sharp, an order of magnitude faster), every other layout by geotiff. Samples are
 * returned band-interleaved and unscaled.
 * @param options - `engine: "geotiff"` forces the geotiff pixel decoder.
 * @throws RangeError for sample types a `Raster` cannot hold (e.g. signed 16-bit).
 */
export async function decodeTiff(
  bytes: Uint8Array,
  options: { readonly engine?: "auto" | "geotiff" } = {},
): Promise<DecodedImage> {
  const image = await firstImage(bytes);
  const sampleType = sampleTypeOf(image);
  if (sampleType !== "uint8" && sampleType !== "uint16" && sampleType !== "float32")
    throw new RangeError(
      `unsupported TIFF sample type (${sampleType}); iqf reads 8/16-bit unsigned and 32-bit float`,
    );
  const metadata = metadataOf(image);
  const channels = image.getSamplesPerPixel();
  const width = image.getWidth();
  const height = image.getHeight();
  const viaSharp = options.engine !== "geotiff" && sharpCanDecode(image, metadata, sampleType);
  const data = viaSharp
    ? (await decodeSamplesWithSharp(bytes, { channels, sixteenBit: sampleType === "uint16" })).data
    : ((await image.readRasters({ interleave: true })) as unknown as SampleArray);
  if (data.length !== width * height * channels)
    throw new RangeError(`decoded ${data.length} samples, expected ${width}×${height}×${channels}`);
  return { raster: { width, height, channels, sampleType, data }, format: "tiff", tiff: metadata };
}
