import { allocSamples, type ImageFormat, type Raster, type SampleArray } from "@iqf/core";

/**
 * Whether the last band of an image is transparency that modifiers keep unchanged: a 2- or
 * 4-channel PNG (grey+alpha, RGBA). TIFF bands are all treated as data (multispectral rasters).
 */
export function hasAlphaBand(format: ImageFormat, channels: number): boolean {
  return format === "png" && (channels === 2 || channels === 4);
}

/** Copies `count` consecutive bands starting at `first` into a new raster. */
export function extractBands(raster: Raster, first: number, count: number): Raster {
  const { width, height, channels, sampleType, data } = raster;
  if (first === 0 && count === channels) return raster;
  const pixels = width * height;
  const out = allocSamples(sampleType, pixels * count);
  for (let p = 0, src = first, dst = 0; p < pixels; p++, src += channels) {
    for (let c = 0; c < count; c++) out[dst++] = data[src + c]!;
  }
  return { width, height, channels: count, sampleType, data: out };
}

/** Interleaves rasters of the same size and sample type into one raster (bands in order). */
export function mergeBands(parts: readonly Raster[]): Raster {
  const [head] = parts;
  if (head === undefined) throw new RangeError("mergeBands needs at least one raster");
  if (parts.length === 1) return head;
  const { width, height, sampleType } = head;
  const channels = parts.reduce((sum, part) => sum + part.channels, 0);
  const pixels = width * height;
  const out: SampleArray = allocSamples(sampleType, pixels * channels);
  let offset = 0;
  for (const part of parts) {
    const { channels: n, data } = part;
    for (let p = 0, src = 0, dst = offset; p < pixels; p++, dst += channels) {
      for (let c = 0; c < n; c++) out[dst + c] = data[src++]!;
    }
    offset += n;
  }
  return { width, height, channels, sampleType, data: out };
}

/** Applies `transform` to the data bands of `raster`; a trailing alpha band (when `keepAlpha`) is kept as is. */
export async function mapDataBands(
  raster: Raster,
  keepAlpha: boolean,
  transform: (bands: Raster) => Raster | Promise<Raster>,
): Promise<Raster> {
  if (!keepAlpha) return transform(raster);
  const dataBands = raster.channels - 1;
  const changed = await transform(extractBands(raster, 0, dataBands));
  return mergeBands([changed, extractBands(raster, dataBands, 1)]);
}

/**
 * Applies a libvips operation band-group-wise: 1- and 3-band rasters go through whole, any other
 * band count one band at a time (libvips would read 2 and 4 bands as alpha images).
 */
export async function mapSharpGroups(
  raster: Raster,
  transform: (group: Raster) => Promise<Raster>,
): Promise<Raster> {
  if (raster.channels === 1 || raster.channels === 3) return transform(raster);
  const bands = Array.from({ length: raster.channels }, (_, band) => extractBands(raster, band, 1));
  return mergeBands(await Promise.all(bands.map(transform)));
}
