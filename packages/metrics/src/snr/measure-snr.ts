import { defaultConcurrency } from "@iqf/core";
import type { ChannelPlane } from "../images/channel-planes.js";
import { decodeMeasuredImage } from "../images/decode-image.js";
import { resolveImageFiles, type SkippedFile } from "../images/resolve-image-files.js";
import { measureFiles } from "../iq-metric/measure-files.js";
import { aggregateSnr, combineChannels, type SnrAggregates } from "./combine-channels.js";
import {
  type ChannelSnrReport,
  type ImageSnr,
  imageSnrFromDecoded,
  measurePlaneSnr,
} from "./measure-snr-file.js";
import { parseSnrOptions, type SnrMethod, type SnrOptions } from "./snr-options.js";

/** Result of {@link measureSnr}: iquaflow's three aggregates plus the per-image details. */
export interface SnrReport extends SnrAggregates {
  /** Estimator used. */
  readonly method: SnrMethod;
  /** Per-image results, sorted by file. */
  readonly images: ImageSnr[];
  /** Files found next to the images but not measured. */
  readonly skipped: SkippedFile[];
}

/**
 * Measures the SNR of already decoded channels (iquaflow's channel order is up to the caller).
 * `integerSamples` tells `robust` to remove the quantisation noise of integer data.
 */
export function measurePlanesSnr(
  planes: readonly ChannelPlane[],
  options: SnrOptions = {},
  integerSamples = true,
): { snr: number; err: number; channels: ChannelSnrReport[] } {
  const parsed = parseSnrOptions(options);
  const channels = planes.map((p) => ({ ...measurePlaneSnr(p, parsed, integerSamples), channel: p.label }));
  return { ...combineChannels(channels), channels };
}

/** Measures the SNR of one image file (decode errors are thrown as `InvalidFile`). */
export async function measureImageSnr(path: string, options: SnrOptions = {}): Promise<ImageSnr> {
  const parsed = parseSnrOptions(options);
  return imageSnrFromDecoded(path, await decodeMeasuredImage(path), parsed);
}

/**
 * Measures the SNR of every image of a dataset, image folder or single image, and aggregates
 * the per-image values as iquaflow's `SNRMetric` (`snr_median`, `snr_mean`, `snr_std`; linear
 * mean/σ, NaN-ignoring, files in sorted order). A file that cannot be decoded is reported with
 * `status: "error"` and its message; the other files are still measured.
 */
export async function measureSnr(target: string, options: SnrOptions = {}): Promise<SnrReport> {
  const parsed = parseSnrOptions(options);
  const { files, skipped } = await resolveImageFiles(target);
  const images: ImageSnr[] = await measureFiles(
    files,
    "snr",
    parsed,
    parsed.concurrency ?? defaultConcurrency(),
    {
      onProgress: options.onProgress,
      signal: options.signal,
    },
  );
  return { method: parsed.method, ...aggregateSnr(images.map((i) => i.snr)), images, skipped };
}
