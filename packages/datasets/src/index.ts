export { checkModifierFits, datasetHeaders } from "./dataset-headers.js";
export type { DecodedImage, TiffMetadata, TiffTag } from "./decoded-image.js";
export type { DatasetPaths } from "./discover.js";
export { DsWrapper, type DsWrapperOptions } from "./ds-wrapper.js";
export { AmbiguousImagesFolder, NoImageModified } from "./errors.js";
export { type FileListing, listFiles, listingChanges } from "./file-listing.js";
export { type FolderFiles, listFolderFiles, listImageFiles } from "./image-files.js";
export { sniffImageFormat } from "./image-format.js";
export { DSWrapper, type DSWrapperOptions } from "./iquaflow-names.js";
export { type DatasetManifest, MANIFEST_FILE, readManifest } from "./manifest.js";
export {
  type FailedImage,
  type ModifyOptions,
  type ModifyResult,
  modifyDataset,
} from "./modify-dataset.js";
export {
  checkImageBytes,
  checkPixelLimit,
  DEFAULT_MAX_PIXELS,
  headerSize,
  ImageTooLarge,
  MAX_PIXELS_ENV,
  maxImagePixels,
  openImageFile,
} from "./pixel-limit.js";
export { type PlainImageHeader, plainImageHeader } from "./plain-header.js";
export { type PlainPipeline, transformPlainImage } from "./plain-transform.js";
export { decodeImage, type EncodeOptions, encodeRaster, readRaster, writeRaster } from "./raster-io.js";
export { JPEG_WRITE_QUALITY, openSharpSource, openStoredJpeg, storedJpegColourspace } from "./sharp-codec.js";
export { readTiffMetadata } from "./tiff-read.js";
export {
  decodeJpegTurbo,
  encodeJpegTurbo,
  type JpegChroma,
  type JpegTurboChroma,
  type JpegTurboEncodeOptions,
  jpegTurboHeader,
  withDecodedJpegTurbo,
} from "./turbo-jpeg.js";
