import { isAbsolute, join, normalize, sep } from "node:path";
import { defaultIoConcurrency, formatFromExtension, mapConcurrent, type ProgressCallback } from "@iqf/core";
import { ImageTooLarge, openImageFile } from "@iqf/datasets";

/** Why an image reference cannot be used, before opening the file. */
export type ImageNameProblem = "IMAGE_PATH_ESCAPES" | "IMAGE_FILE_TYPE";

/** Checks a file name from the annotations: it must stay inside the images folder and look like an image. */
export function imageNameProblem(fileName: string): ImageNameProblem | undefined {
  if (isAbsolute(fileName) || /^[a-zA-Z]:/.test(fileName) || fileName.startsWith("\\"))
    return "IMAGE_PATH_ESCAPES";
  const parts = normalize(fileName).split(/[\\/]/);
  if (parts.includes("..")) return "IMAGE_PATH_ESCAPES";
  return formatFromExtension(fileName) ? undefined : "IMAGE_FILE_TYPE";
}

/** Path of an annotation's image inside the images folder (the name must have passed {@link imageNameProblem}). */
export function imagePath(imagesDir: string, fileName: string): string {
  return join(imagesDir, normalize(fileName).split(/[\\/]/).join(sep));
}

/** What decoding an image file gave. */
export type ImageProbe =
  | { readonly status: "ok"; readonly width: number; readonly height: number }
  | { readonly status: "missing" }
  | { readonly status: "undecodable"; readonly reason: string };

/**
 * Fully decodes one image (every pixel), so truncated or corrupt files are caught; an image over
 * the pixel limit of `@iqf/datasets` is not decoded and is undecodable, with the way to raise it.
 */
export async function probeImage(path: string): Promise<ImageProbe> {
  try {
    const image = await openImageFile(path, { failOn: "error" });
    const { info } = await image.raw().toBuffer({ resolveWithObject: true });
    return { status: "ok", width: info.width, height: info.height };
  } catch (error) {
    if (error instanceof ImageTooLarge) return { status: "undecodable", reason: error.reason };
    const message = (error as Error).message;
    if (/no such file|ENOENT|Input file is missing/i.test(message)) return { status: "missing" };
    return { status: "undecodable", reason: message.split("\n")[0]! };
  }
}

/** Options of {@link probeImages}. */
export interface ProbeOptions {
  /** Files decoded at once (default: `defaultIoConcurrency()` of `@iqf/core`, two per core, so that file reads overlap). */
  readonly concurrency?: number;
  /** Called after each file. */
  readonly onProgress?: ProgressCallback;
  /** Stops starting new decodes when aborted. */
  readonly signal?: AbortSignal;
}

/** Decodes many images with bounded concurrency; the result maps each path to its probe. */
export async function probeImages(
  paths: readonly string[],
  options: ProbeOptions = {},
): Promise<Map<string, ImageProbe>> {
  const unique = [...new Set(paths)];
  const results = new Map<string, ImageProbe>();
  await mapConcurrent(
    unique,
    options.concurrency ?? defaultIoConcurrency(),
    async (path) => {
      results.set(path, await probeImage(path));
      options.onProgress?.({ done: results.size, total: unique.length, item: path, label: "decode images" });
    },
    options.signal,
  );
  return results;
}
