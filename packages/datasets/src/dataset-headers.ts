import { join } from "node:path";
import {
  type DatasetHeaders,
  type DatasetLayout,
  defaultIoConcurrency,
  type ImageFormat,
  type ImageHeader,
  type Modifier,
  mapConcurrent,
  ParamsDoNotFit,
  type SampleType,
} from "@iqf/core";
import sharp from "sharp";

const FORMATS: Readonly<Record<string, ImageFormat>> = { jpeg: "jpeg", png: "png", tiff: "tiff" };
const SAMPLE_TYPES: Readonly<Record<string, SampleType>> = {
  uchar: "uint8",
  ushort: "uint16",
  float: "float32",
};

/** Reads one image's header (libvips reads the header only); `undefined` when it cannot be read. */
async function readHeader(imagesDir: string, relativePath: string): Promise<ImageHeader | undefined> {
  try {
    const meta = await sharp(join(imagesDir, relativePath), { limitInputPixels: false }).metadata();
    const format = FORMATS[meta.format ?? ""];
    if (!format || !meta.width || !meta.height || !meta.channels) return undefined;
    const sampleType = SAMPLE_TYPES[meta.depth ?? ""];
    return {
      relativePath,
      format,
      width: meta.width,
      height: meta.height,
      channels: meta.channels,
      ...(sampleType && { sampleType }),
    };
  } catch {
    return undefined;
  }
}

/**
 * A dataset as modifiers check it before any image is modified: its layout and, on first
 * request, the headers of its images (read without decoding pixels).
 * @param layout - the dataset.
 * @param images - its images, relative to the images folder (as the pipeline lists them).
 */
export function datasetHeaders(layout: DatasetLayout, images: readonly string[]): DatasetHeaders {
  let headers: Promise<readonly ImageHeader[]> | undefined;
  return {
    layout,
    images() {
      headers ??= mapConcurrent(images, defaultIoConcurrency(), (image) =>
        readHeader(layout.imagesDir, image),
      ).then((read) => read.filter((header): header is ImageHeader => header !== undefined));
      return headers;
    },
  };
}

/**
 * Refuses a modifier whose params cannot work for a dataset (its `checkDataset` hook), with
 * every problem at once, before any image is modified.
 * @throws ParamsDoNotFit naming the modifier, the dataset and each param.
 */
export async function checkModifierFits(modifier: Modifier, dataset: DatasetHeaders): Promise<void> {
  const problems = (await modifier.checkDataset?.(dataset)) ?? [];
  if (problems.length > 0) throw new ParamsDoNotFit(modifier.name, dataset.layout.root, problems);
}
