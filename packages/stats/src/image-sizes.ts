import { InvalidFile, mapConcurrent } from "@iqf/core";
import sharp from "sharp";

/** Width and height of an image in pixels. */
export interface ImageSize {
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
}

/** Reads an image's size from its header only (no decoding), or throws `InvalidFile`. */
export async function readImageSize(path: string): Promise<ImageSize> {
  try {
    const { width, height } = await sharp(path).metadata();
    if (!width || !height) throw new Error("the header has no size");
    return { width, height };
  } catch (error) {
    throw new InvalidFile(path, `cannot read the image size: ${(error as Error).message}`, { cause: error });
  }
}

/** Reads the sizes of many images from their headers, `concurrency` at a time; `onEach` after each. */
export async function readImageSizes(
  paths: readonly string[],
  concurrency: number,
  onEach?: (path: string, index: number) => void,
  signal?: AbortSignal,
): Promise<ImageSize[]> {
  let done = 0;
  return mapConcurrent(
    paths,
    concurrency,
    async (path) => {
      const size = await readImageSize(path);
      onEach?.(path, done++);
      return size;
    },
    signal,
  );
}
