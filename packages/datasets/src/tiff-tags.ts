/** TIFF field types used by the writer, with their byte sizes. */
export const TIFF_TYPES = {
  ascii: { code: 2, size: 1 },
  short: { code: 3, size: 2 },
  long: { code: 4, size: 4 },
  double: { code: 12, size: 8 },
} as const;

/** Name of a TIFF field type used by the writer. */
export type TiffTypeName = keyof typeof TIFF_TYPES;

/** Baseline tag ids written by the TIFF writer. */
export const BASELINE_TAGS = {
  imageWidth: 256,
  imageLength: 257,
  bitsPerSample: 258,
  compression: 259,
  photometric: 262,
  stripOffsets: 273,
  samplesPerPixel: 277,
  rowsPerStrip: 278,
  stripByteCounts: 279,
  planarConfiguration: 284,
  predictor: 317,
  extraSamples: 338,
  sampleFormat: 339,
} as const;

/**
 * Tags copied verbatim from a source TIFF to its modified copy: geotiff's field name, id and type.
 * They carry the georeferencing (GeoTIFF keys, tie point, pixel scale, transformation), GDAL's
 * nodata value and metadata, and a palette image's colour map.
 */
export const KEPT_TAGS: readonly {
  readonly name: string;
  readonly id: number;
  readonly type: TiffTypeName;
}[] = [
  { name: "ColorMap", id: 320, type: "short" },
  { name: "ModelPixelScale", id: 33550, type: "double" },
  { name: "ModelTiepoint", id: 33922, type: "double" },
  { name: "ModelTransformation", id: 34264, type: "double" },
  { name: "GeoKeyDirectory", id: 34735, type: "short" },
  { name: "GeoDoubleParams", id: 34736, type: "double" },
  { name: "GeoAsciiParams", id: 34737, type: "ascii" },
  { name: "GDAL_METADATA", id: 42112, type: "ascii" },
  { name: "GDAL_NODATA", id: 42113, type: "ascii" },
];

/** TIFF field type of a kept tag id. */
export function keptTagType(id: number): TiffTypeName {
  const tag = KEPT_TAGS.find((entry) => entry.id === id);
  if (!tag) throw new RangeError(`TIFF tag ${id} is not one the writer copies`);
  return tag.type;
}
