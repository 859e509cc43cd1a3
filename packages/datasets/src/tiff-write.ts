import { endianness } from "node:os";
import { promisify } from "node:util";
import { deflate } from "node:zlib";
import type { Raster, SampleArray } from "@iqf/core";
import type { TiffMetadata } from "./decoded-image.js";
import { BASELINE_TAGS, keptTagType, TIFF_TYPES, type TiffTypeName } from "./tiff-tags.js";

const deflateAsync = promisify(deflate);

/** Uncompressed bytes per strip the writer aims for (strips are compressed in parallel). */
const STRIP_TARGET_BYTES = 256 * 1024;

const COMPRESSION_NONE = 1;
const COMPRESSION_DEFLATE = 8;
/** PhotometricInterpretation of CMYK (ink) samples. */
const PHOTOMETRIC_SEPARATED = 5;

interface IfdEntry {
  readonly id: number;
  readonly type: TiffTypeName;
  readonly value: string | readonly number[];
}

function bytesPerSample(raster: Raster): number {
  return raster.sampleType === "uint8" ? 1 : raster.sampleType === "uint16" ? 2 : 4;
}

/** Horizontal differencing (TIFF predictor 2) of whole rows, in place. */
function applyHorizontalPredictor(samples: SampleArray, width: number, channels: number): void {
  const rowLength = width * channels;
  for (let rowStart = 0; rowStart < samples.length; rowStart += rowLength) {
    for (let i = rowStart + rowLength - 1; i >= rowStart + channels; i--) {
      samples[i] = (samples[i]! - samples[i - channels]!) as number;
    }
  }
}

function stripBytes(raster: Raster, firstRow: number, rows: number, predictor: boolean): Uint8Array {
  const rowLength = raster.width * raster.channels;
  const view = raster.data.subarray(firstRow * rowLength, (firstRow + rows) * rowLength);
  const samples = predictor ? view.slice() : view;
  if (predictor) applyHorizontalPredictor(samples, raster.width, raster.channels);
  return new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
}

function photometricFor(raster: Raster, metadata: TiffMetadata | undefined): number {
  if (!metadata) return raster.channels === 3 || raster.channels === 4 ? 2 : 1;
  const source = metadata.photometric;
  if (source === 2 && raster.channels >= 3) return 2;
  if (source === PHOTOMETRIC_SEPARATED && raster.channels >= 4) return PHOTOMETRIC_SEPARATED;
  if (source === 3 && raster.channels === 1 && metadata.tags.some((tag) => tag.id === 320)) return 3;
  if (source === 0 && raster.channels <= 2) return 0;
  return 1;
}

function extraSamplesFor(raster: Raster, photometric: number, metadata: TiffMetadata | undefined): number[] {
  const colourBands = photometric === 2 ? 3 : photometric === PHOTOMETRIC_SEPARATED ? 4 : 1;
  const extra = raster.channels - colourBands;
  if (extra <= 0) return [];
  const source = metadata?.extraSamples ?? [];
  if (source.length === extra) return [...source];
  // Without a source to copy from, a fourth band after RGB is taken as (unassociated) alpha.
  return Array.from({ length: extra }, (_, i) =>
    photometric === 2 && i === 0 && metadata === undefined ? 2 : 0,
  );
}

function encodedSize(entry: IfdEntry): number {
  const count = typeof entry.value === "string" ? asciiBytes(entry.value).length : entry.value.length;
  return count * TIFF_TYPES[entry.type].size;
}

function asciiBytes(text: string): Uint8Array {
  const withNul = text.endsWith("\0") ? text : `${text}\0`;
  return Uint8Array.from(withNul, (char) => char.charCodeAt(0) & 0xff);
}

function writeValues(view: DataView, offset: number, entry: IfdEntry, little: boolean): void {
  if (typeof entry.value === "string") {
    new Uint8Array(view.buffer, view.byteOffset + offset).set(asciiBytes(entry.value));
    return;
  }
  const size = TIFF_TYPES[entry.type].size;
  entry.value.forEach((value, i) => {
    const at = offset + i * size;
    if (entry.type === "short") view.setUint16(at, value, little);
    else if (entry.type === "long") view.setUint32(at, value, little);
    else view.setFloat64(at, value, little);
  });
}

/** Lays out header, IFD, out-of-line tag values and strips into one TIFF file. */
function assemble(entries: IfdEntry[], strips: readonly Uint8Array[], little: boolean): Uint8Array {
  const sorted = [...entries].sort((a, b) => a.id - b.id);
  const ifdSize = 2 + sorted.length * 12 + 4;
  let cursor = 8 + ifdSize;
  const outOfLine = new Map<number, number>();
  for (const entry of sorted) {
    const size = encodedSize(entry);
    if (size > 4) {
      outOfLine.set(entry.id, cursor);
      cursor += size + (size % 2);
    }
  }
  const stripOffsets: number[] = [];
  for (const strip of strips) {
    stripOffsets.push(cursor);
    cursor += strip.length;
  }
  if (cursor > 0xffffffff) throw new RangeError("image too large for a classic TIFF (over 4 GiB)");
  const final = sorted.map((entry) =>
    entry.id === BASELINE_TAGS.stripOffsets ? { ...entry, value: stripOffsets } : entry,
  );
  const out = new Uint8Array(cursor);
  const view = new DataView(out.buffer);
  out[0] = out[1] = little ? 0x49 : 0x4d;
  view.setUint16(2, 42, little);
  view.setUint32(4, 8, little);
  view.setUint16(8, final.length, little);
  final.forEach((entry, i) => {
    const at = 10 + i * 12;
    const count = typeof entry.value === "string" ? asciiBytes(entry.value).length : entry.value.length;
    view.setUint16(at, entry.id, little);
    view.setUint16(at + 2, TIFF_TYPES[entry.type].code, little);
    view.setUint32(at + 4, count, little);
    const external = outOfLine.get(entry.id);
    if (external === undefined) writeValues(view, at + 8, entry, little);
    else {
      view.setUint32(at + 8, external, little);
      writeValues(view, external, entry, little);
    }
  });
  view.setUint32(10 + final.length * 12, 0, little);
  strips.forEach((strip, i) => {
    out.set(strip, stripOffsets[i]!);
  });
  return out;
}

/**
 * Encodes a raster as a baseline TIFF (chunky, strips, host byte order), copying verbatim the
 * georeferencing and GDAL tags of `metadata` (GeoKeyDirectory, GeoDouble/AsciiParams,
 * ModelTiepoint, ModelPixelScale, ModelTransformation, GDAL_NODATA, GDAL_METADATA). Integer data
 * is deflate-compressed with the horizontal predictor unless the source was uncompressed; strips
 * are compressed concurrently on the libuv thread pool.
 * @param raster - samples to write (8/16-bit unsigned or 32-bit float, any band count).
 * @param metadata - the source file's TIFF metadata, when re-encoding a modified TIFF.
 */
export async function encodeTiff(raster: Raster, metadata?: TiffMetadata): Promise<Uint8Array> {
  const little = endianness() === "LE";
  const compress = metadata?.compression !== COMPRESSION_NONE;
  const predictor = compress && raster.sampleType !== "float32";
  const rowBytes = raster.width * raster.channels * bytesPerSample(raster);
  const rowsPerStrip = Math.max(
    1,
    Math.min(raster.height, Math.floor(STRIP_TARGET_BYTES / Math.max(1, rowBytes))),
  );
  const stripJobs: Promise<Uint8Array>[] = [];
  for (let row = 0; row < raster.height; row += rowsPerStrip) {
    const raw = stripBytes(raster, row, Math.min(rowsPerStrip, raster.height - row), predictor);
    stripJobs.push(
      compress ? deflateAsync(raw).then((buffer) => new Uint8Array(buffer)) : Promise.resolve(raw),
    );
  }
  const strips = await Promise.all(stripJobs);
  const photometric = photometricFor(raster, metadata);
  const bits = bytesPerSample(raster) * 8;
  const perBand = (value: number) => Array.from({ length: raster.channels }, () => value);
  const entries: IfdEntry[] = [
    { id: BASELINE_TAGS.imageWidth, type: "long", value: [raster.width] },
    { id: BASELINE_TAGS.imageLength, type: "long", value: [raster.height] },
    { id: BASELINE_TAGS.bitsPerSample, type: "short", value: perBand(bits) },
    {
      id: BASELINE_TAGS.compression,
      type: "short",
      value: [compress ? COMPRESSION_DEFLATE : COMPRESSION_NONE],
    },
    { id: BASELINE_TAGS.photometric, type: "short", value: [photometric] },
    { id: BASELINE_TAGS.stripOffsets, type: "long", value: strips.map(() => 0) },
    { id: BASELINE_TAGS.samplesPerPixel, type: "short", value: [raster.channels] },
    { id: BASELINE_TAGS.rowsPerStrip, type: "long", value: [rowsPerStrip] },
    { id: BASELINE_TAGS.stripByteCounts, type: "long", value: strips.map((strip) => strip.length) },
    { id: BASELINE_TAGS.planarConfiguration, type: "short", value: [1] },
    {
      id: BASELINE_TAGS.sampleFormat,
      type: "short",
      value: perBand(raster.sampleType === "float32" ? 3 : 1),
    },
  ];
  if (predictor) entries.push({ id: BASELINE_TAGS.predictor, type: "short", value: [2] });
  const extraSamples = extraSamplesFor(raster, photometric, metadata);
  if (extraSamples.length > 0)
    entries.push({ id: BASELINE_TAGS.extraSamples, type: "short", value: extraSamples });
  for (const tag of metadata?.tags ?? []) {
    if (tag.id === 320 && photometric !== 3) continue;
    entries.push({ id: tag.id, type: keptTagType(tag.id), value: tag.value });
  }
  return assemble(entries, strips, little);
}
