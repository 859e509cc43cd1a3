import type sharp from "sharp";
import { type PlainImageHeader, plainImageHeader } from "./plain-header.js";
import { encodePipeline, openSharpSource } from "./sharp-codec.js";

/**
 * Builds the libvips pipeline of a transform from a source opener: `open()` gives a fresh pipeline
 * decoding the source (call it more than once for multi-pass work); the returned pipeline's output
 * must keep the header's size and bands at 8 bits. (Intermediate raw output of a grey image needs
 * `toColourspace("b-w")`, or sharp widens it to three bands.)
 */
export type PlainPipeline = (
  open: () => sharp.Sharp,
  header: PlainImageHeader,
) => sharp.Sharp | Promise<sharp.Sharp>;

/**
 * Decodes, transforms and re-encodes an 8-bit grey or RGB JPEG/PNG in libvips without handing the
 * samples to JavaScript: the decode is the one {@link decodeImage} does and the encode the one
 * {@link encodeRaster} does for the same format, so the result equals decoding, transforming the
 * raster with the same libvips operations and encoding it — minus two copies of the samples.
 * @returns the encoded bytes, or `undefined` when the image is not an 8-bit grey or RGB JPEG/PNG
 * ({@link plainImageHeader}); the caller then takes the raster path.
 */
export async function transformPlainImage(
  bytes: Uint8Array,
  format: "jpeg" | "png",
  build: PlainPipeline,
): Promise<Uint8Array | undefined> {
  const header = plainImageHeader(bytes, format);
  if (!header) return undefined;
  const pipeline = await build(() => openSharpSource(bytes), header);
  return encodePipeline(pipeline, format, header.channels === 1 ? "b-w" : "srgb");
}
