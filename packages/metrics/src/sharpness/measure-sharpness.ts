import { defaultConcurrency } from "@iqf/core";
import type { ChannelPlane } from "../images/channel-planes.js";
import { resolveImageFiles, type SkippedFile } from "../images/resolve-image-files.js";
import { measureFiles } from "../iq-metric/measure-files.js";
import {
  type ChannelSharpnessReport,
  emptyValues,
  type ImageSharpness,
  nanMean,
  type SharpnessValues,
  sharpnessKeys,
  sharpnessOfPlanes,
} from "./measure-sharpness-file.js";
import { parseSharpnessOptions, type SharpnessOptions } from "./sharpness-options.js";

/** Result of {@link measureSharpness}: the 12 aggregates plus per-image details. */
export interface SharpnessReport extends SharpnessValues {
  /** Per-image results, sorted by file. */
  readonly images: ImageSharpness[];
  /** Files found next to the images but not measured. */
  readonly skipped: SkippedFile[];
}

/**
 * Measures the sharpness of already decoded channels: per channel, per direction means over the
 * accepted edges; the image value of a key is the mean over the channels that have it
 * (iquaflow's `calculate_mean`).
 */
export function measurePlanesSharpness(
  planes: readonly ChannelPlane[],
  options: SharpnessOptions = {},
): { values: SharpnessValues; channels: ChannelSharpnessReport[] } {
  const parsed = parseSharpnessOptions(options);
  return sharpnessOfPlanes(planes, parsed);
}

/**
 * Measures edge sharpness (RER, FWHM, MTF at Nyquist and half Nyquist, per direction X / Y /
 * other) of every image of a dataset, image folder or single image and aggregates them as
 * iquaflow's `SharpnessMetric`: for each of the 12 keys the mean over the images that have it
 * (not rounded). Deterministic. Zero pixels are no-data. An unreadable file is reported with
 * `status: "error"`, an image without measurable edges with `status: "no-edges"`.
 */
export async function measureSharpness(
  target: string,
  options: SharpnessOptions = {},
): Promise<SharpnessReport> {
  const parsed = parseSharpnessOptions(options);
  const { files, skipped } = await resolveImageFiles(target);
  const images: ImageSharpness[] = await measureFiles(
    files,
    "sharpness",
    parsed,
    parsed.concurrency ?? defaultConcurrency(),
    { onProgress: options.onProgress, signal: options.signal },
  );
  const aggregates = emptyValues();
  for (const key of sharpnessKeys) aggregates[key] = nanMean(images.map((i) => i[key]));
  return { ...aggregates, images, skipped };
}
