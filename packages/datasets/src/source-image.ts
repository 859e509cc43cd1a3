import type { ImageFormat, Raster, SourceImage } from "@iqf/core";
import type { DecodedImage, TiffMetadata } from "./decoded-image.js";
import { checkImageBytes } from "./pixel-limit.js";
import { decodeImage } from "./raster-io.js";
import { readTiffMetadata } from "./tiff-read.js";

/**
 * One source image handed to a modifier: its bytes are read once by the pipeline, and the decode
 * is done at most once and cached (as is the TIFF metadata needed to write a raster back). An
 * image over the pixel limit is refused on construction, so no modifier ever gets one.
 */
export class DatasetImage implements SourceImage {
  /** @inheritDoc */
  readonly path: string;
  /** @inheritDoc */
  readonly relativePath: string;
  /** @inheritDoc */
  readonly format: ImageFormat;
  private readonly bytes: Uint8Array;
  private decoding: Promise<DecodedImage> | undefined;

  /**
   * @param path - path of the source file.
   * @param relativePath - path relative to the images folder.
   * @param format - container format sniffed from `bytes`.
   * @param bytes - the file's content.
   * @throws ImageTooLarge when its header announces more pixels than the limit.
   */
  constructor(path: string, relativePath: string, format: ImageFormat, bytes: Uint8Array) {
    checkImageBytes(bytes, path);
    this.path = path;
    this.relativePath = relativePath;
    this.format = format;
    this.bytes = bytes;
  }

  /** @inheritDoc */
  async read(): Promise<Uint8Array> {
    return this.bytes;
  }

  /** @inheritDoc */
  async decode(): Promise<Raster> {
    return (await this.decoded()).raster;
  }

  /** The cached full decode (raster, format, TIFF metadata). */
  decoded(): Promise<DecodedImage> {
    this.decoding ??= decodeImage(this.bytes, this.path);
    return this.decoding;
  }

  /** TIFF metadata of the source (from the cached decode when there is one), for TIFF sources. */
  async tiffMetadata(): Promise<TiffMetadata | undefined> {
    if (this.format !== "tiff") return undefined;
    if (this.decoding) return (await this.decoding).tiff;
    return readTiffMetadata(this.bytes);
  }
}
