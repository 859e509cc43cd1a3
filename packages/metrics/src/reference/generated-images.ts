import { basename, dirname, extname, isAbsolute, join, normalize, sep } from "node:path";
import {
  defaultConcurrency,
  InvalidFile,
  InvalidParams,
  IqfError,
  type MetricContext,
  type MetricValues,
  mapConcurrent,
  maxSampleValue,
  type Raster,
  readJsonFile,
} from "@iqf/core";
import { DsWrapper, listImageFiles, readRaster } from "@iqf/datasets";

/** Compares a generated image with its ground truth; throws (RangeError, …) when it cannot. */
export type ImageComparison = (groundTruth: Raster, generated: Raster, dataRange: number) => number;

/** Options of the image-generation metrics (`psnr`, `ssim`). */
export interface GeneratedImagesOptions {
  /** Folder of the ground-truth images (default: the images of the run's test dataset, else its val dataset). */
  readonly gtImages?: string;
  /** Value range L of the samples (default from the bit depth: 255, 65535, or 1 for float samples). */
  readonly dataRange?: number;
}

/** Ground-truth images by file name and by file name without extension. */
interface GroundTruthIndex {
  readonly folder: string;
  readonly byName: ReadonlyMap<string, string[]>;
  readonly byStem: ReadonlyMap<string, string[]>;
}

function stem(file: string): string {
  return basename(file, extname(file));
}

function push(index: Map<string, string[]>, key: string, file: string): void {
  const list = index.get(key);
  if (list) list.push(file);
  else index.set(key, [file]);
}

async function groundTruthFolder(context: MetricContext, options: GeneratedImagesOptions, metric: string) {
  if (options.gtImages !== undefined) return options.gtImages;
  const dataset = context.testDatasetPath ?? context.valDatasetPath;
  if (dataset === undefined) {
    throw new InvalidParams(`${metric} metric`, [
      "gtImages: the run has no test or val dataset to take ground-truth images from; give gtImages (a folder)",
    ]);
  }
  return (await DsWrapper.open(dataset)).layout.imagesDir;
}

async function indexGroundTruth(folder: string): Promise<GroundTruthIndex> {
  const byName = new Map<string, string[]>();
  const byStem = new Map<string, string[]>();
  for (const file of await listImageFiles(folder)) {
    push(byName, basename(file), file);
    push(byStem, stem(file), file);
  }
  return { folder, byName, byStem };
}

function matchGroundTruth(index: GroundTruthIndex, generated: string): string {
  const candidates = index.byName.get(basename(generated)) ?? index.byStem.get(stem(generated)) ?? [];
  if (candidates.length === 0)
    throw new Error(`no ground-truth image named ${basename(generated)} in ${index.folder}`);
  if (candidates.length > 1)
    throw new Error(`ambiguous ground truth in ${index.folder}: ${candidates.slice(0, 3).join(", ")}`);
  return join(index.folder, candidates[0]!);
}

async function readGeneratedList(file: string): Promise<string[]> {
  const parsed = await readJsonFile(file);
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === "string" && item !== "")) {
    throw new InvalidFile(
      file,
      "an image-generation run's output.json is a JSON array of generated image paths, relative to the output folder",
    );
  }
  return parsed;
}

function insideOutput(outputDir: string, entry: string): string {
  const path = normalize(join(outputDir, entry));
  if (
    isAbsolute(entry) ||
    !(path + sep).startsWith(normalize(outputDir) + sep) ||
    path === normalize(outputDir)
  )
    throw new Error("the path must be relative to the run's output folder and stay inside it");
  return path;
}

/**
 * Compares every generated image of an image-generation run (its `output.json`: a list of image
 * paths relative to the output folder) with the ground-truth image of the same file name (same
 * stem when the extensions differ) and returns `<metric>` (the mean over the measured images),
 * `<metric>_images` and `<metric>_failed`. An image that cannot be compared (missing ground
 * truth, size mismatch, unreadable file) is reported through `context.onImageFailure` and left
 * out; the others are measured.
 * @throws InvalidParams when the run has no `output.json` or no ground truth can be found.
 * @throws IqfError `NO_IMAGES_MEASURED` when no image could be compared.
 */
export async function compareGeneratedImages(
  context: MetricContext,
  metric: string,
  options: GeneratedImagesOptions,
  compare: ImageComparison,
): Promise<MetricValues> {
  if (context.predictionsPath === undefined) {
    throw new InvalidParams(`${metric} metric`, [
      "output.json: the run wrote none; an image-generation run lists its generated images there",
    ]);
  }
  const outputDir = context.outputDir ?? dirname(context.predictionsPath);
  const entries = await readGeneratedList(context.predictionsPath);
  const index = await indexGroundTruth(await groundTruthFolder(context, options, metric));
  const failures: string[] = [];
  const values = await mapConcurrent(
    entries,
    Math.min(4, defaultConcurrency()),
    async (entry) => {
      try {
        const generated = await readRaster(insideOutput(outputDir, entry));
        const truth = await readRaster(matchGroundTruth(index, entry));
        return compare(
          truth.raster,
          generated.raster,
          options.dataRange ?? maxSampleValue(truth.raster.sampleType),
        );
      } catch (error) {
        const message = (error as Error).message;
        failures.push(`${entry}: ${message}`);
        context.onImageFailure?.({ file: entry, error: message });
        return undefined;
      }
    },
    context.signal,
  );
  const measured = values.filter((value): value is number => value !== undefined);
  if (measured.length === 0) {
    throw new IqfError(
      "NO_IMAGES_MEASURED",
      `${metric}: none of the ${entries.length} generated images could be compared${failures[0] ? `; first: ${failures[0]}` : ""}`,
    );
  }
  return {
    [metric]: measured.reduce((sum, value) => sum + value, 0) / measured.length,
    [`${metric}_images`]: measured.length,
    [`${metric}_failed`]: entries.length - measured.length,
  };
}
