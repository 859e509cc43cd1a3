/** Typed array holding raster samples. */
export type SampleArray = Uint8Array | Uint16Array | Float32Array;

/** Sample type of a raster: unsigned 8-bit, unsigned 16-bit or 32-bit float. */
export type SampleType = "uint8" | "uint16" | "float32";

/**
 * A decoded image: samples stored row-major and band-interleaved
 * (`data[(y * width + x) * channels + c]`), channels in file order (RGB for JPEG/PNG,
 * band order for GeoTIFF). No scaling is applied on decode: 16-bit stays 16-bit.
 */
export interface Raster {
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
  /** Number of bands per pixel (1 gray, 3 RGB, 4 RGBA or any multi-band count). */
  readonly channels: number;
  /** Sample type of `data`. */
  readonly sampleType: SampleType;
  /** The samples, length `width * height * channels`. */
  readonly data: SampleArray;
}

/** Largest representable sample value of an integer sample type (1 for float data). */
export function maxSampleValue(sampleType: SampleType): number {
  switch (sampleType) {
    case "uint8":
      return 255;
    case "uint16":
      return 65535;
    case "float32":
      return 1;
  }
}

/** Allocates a zero-filled sample array of the given type and length. */
export function allocSamples(sampleType: SampleType, length: number): SampleArray {
  switch (sampleType) {
    case "uint8":
      return new Uint8Array(length);
    case "uint16":
      return new Uint16Array(length);
    case "float32":
      return new Float32Array(length);
  }
}

/** Creates a zero-filled raster with the given geometry. */
export function createRaster(
  width: number,
  height: number,
  channels: number,
  sampleType: SampleType,
): Raster {
  return { width, height, channels, sampleType, data: allocSamples(sampleType, width * height * channels) };
}
