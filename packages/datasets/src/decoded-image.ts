import type { ImageFormat, Raster } from "@iqf/core";

/** One TIFF tag kept verbatim from a source file (georeferencing, nodata, GDAL metadata, colour map). */
export interface TiffTag {
  /** Numeric tag id, e.g. 33550 for ModelPixelScale. */
  readonly id: number;
  /** The tag's value: text for ASCII tags, numbers for SHORT/LONG/DOUBLE tags. */
  readonly value: string | readonly number[];
}

/** What a TIFF source needs, besides its samples, to be written back faithfully. */
export interface TiffMetadata {
  /** TIFF compression code of the source (1 none, 5 LZW, 8 deflate, ...). */
  readonly compression: number;
  /** PhotometricInterpretation of the source (0/1 grey, 2 RGB, 3 palette). */
  readonly photometric: number;
  /** ExtraSamples values of the source (meaning of bands beyond grey/RGB). */
  readonly extraSamples: readonly number[];
  /** Tags copied verbatim on write: GeoTIFF keys and model tags, GDAL nodata/metadata, colour map. */
  readonly tags: readonly TiffTag[];
}

/** A decoded image file: its samples, its container format and what is needed to re-encode it alike. */
export interface DecodedImage {
  /** The samples (bit depth and band count as stored in the file). */
  readonly raster: Raster;
  /** Container format of the file. */
  readonly format: ImageFormat;
  /** TIFF-specific metadata, for TIFF files. */
  readonly tiff?: TiffMetadata;
}
