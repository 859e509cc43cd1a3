import { defaultConcurrency, InvalidParams, type ProgressCallback } from "@iqf/core";
import { z } from "zod";
import { type ChannelPlane, iquaflowPlanes } from "../images/channel-planes.js";
import { decodeMeasuredImage } from "../images/decode-image.js";
import { resolveImageFiles, type SkippedFile } from "../images/resolve-image-files.js";
import { measureFiles } from "../iq-metric/worker-pool.js";
import type { ChannelSnr, SnrStatus } from "./channel-snr.js";
import { aggregateSnr, combineChannels, type SnrAggregates } from "./combine-channels.js";
import { homogeneousAreasSnr } from "./homogeneous-areas.js";
import { homogeneousBlocksSnr } from "./homogeneous-blocks.js";
import { robustSnr } from "./robust.js";

/** SNR estimators: iquaflow's homogeneous blocks (`hb`) and areas (`ha`), and iqf's `robust`. */
export const snrMethods = ["hb", "ha", "robust"] as const;
/** One of {@link snrMethods}. */
export type SnrMethod = (typeof snrMethods)[number];

const snrOptionsSchema = z.strictObject({
  method: z.enum(snrMethods).default("hb"),
  patchSize: z.number().int().min(2).max(256).default(3),
  stride: z.number().int().min(1).max(256).optional(),
  radius: z.number().int().min(1).max(8).default(1),
  lbpThreshold: z.number().gt(0).lte(1).default(0.6),
  iquaflowFailures: z.boolean().default(false),
  concurrency: z.number().int().min(1).max(256).optional(),
});

/** Options of {@link measureSnr} / {@link measureImageSnr}. */
export interface SnrOptions {
  /** Estimator (default `hb`, like iquaflow's `SNRMetric`). */
  readonly method?: SnrMethod;
  /** Window side for `hb`/`ha` in pixels (default 3, iquaflow's `SNRMetric` default for both). */
  readonly patchSize?: number;
  /** Window grid step (default: the patch size). */
  readonly stride?: number;
  /** LBP radius for `ha` (default 1). */
  readonly radius?: number;
  /** Flat-pixel share for an `ha` window to count (default 0.6). */
  readonly lbpThreshold?: number;
  /**
   * Keep iquaflow's failure results instead of iqf's defined ones: NaN when the image median
   * ends in .5 and +∞ when HB's noise is 0 (default false). Results elsewhere are identical.
   */
  readonly iquaflowFailures?: boolean;
  /** Images measured at the same time (default: the core count). */
  readonly concurrency?: number;
  /** Progress after each image. */
  readonly onProgress?: ProgressCallback;
  /** Cancels the measurement. */
  readonly signal?: AbortSignal;
}

/** Validated SNR options (defaults applied). */
export type ParsedSnrOptions = z.infer<typeof snrOptionsSchema>;

function parseOptions(options: SnrOptions): ParsedSnrOptions {
  const { onProgress: _p, signal: _s, ...rest } = options;
  const parsed = snrOptionsSchema.safeParse(rest);
  if (!parsed.success) {
    throw new InvalidParams(
      "SNR measurement",
      parsed.error.issues.map((i) => `${i.path.join(".") || "options"}: ${i.message}`),
    );
  }
  return parsed.data;
}

/** SNR of one channel in a report. */
export interface ChannelSnrReport extends ChannelSnr {
  /** Band label (`B`, `G`, `R` for JPEG/PNG in iquaflow's order, `band N` for TIFF). */
  readonly channel: string;
}

/** SNR of one image. `snr`/`err` are NaN when no channel could be measured or decoding failed. */
export interface ImageSnr {
  /** Path of the image. */
  readonly file: string;
  /** Combined SNR over the channels (linear). */
  readonly snr: number;
  /** Error estimate. */
  readonly err: number;
  /** `ok` when measured, otherwise the reason (the first channel's status, or `error`). */
  readonly status: SnrStatus | "error";
  /** Per-channel results. */
  readonly channels: ChannelSnrReport[];
  /** Decoding error message, when the file could not be read. */
  readonly error?: string;
}

/** Result of {@link measureSnr}: iquaflow's three aggregates plus the per-image details. */
export interface SnrReport extends SnrAggregates {
  /** Estimator used. */
  readonly method: SnrMethod;
  /** Per-image results, sorted by file. */
  readonly images: ImageSnr[];
  /** Files found next to the images but not measured. */
  readonly skipped: SkippedFile[];
}

function measurePlane(plane: ChannelPlane, options: ParsedSnrOptions, integerSamples: boolean): ChannelSnr {
  const stride = options.stride ?? options.patchSize;
  switch (options.method) {
    case "hb":
      return homogeneousBlocksSnr(plane, { ...options, stride });
    case "ha":
      return homogeneousAreasSnr(plane, { ...options, stride });
    case "robust":
      return robustSnr(plane, { integerSamples });
  }
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
  const parsed = parseOptions(options);
  const channels = planes.map((p) => ({ ...measurePlane(p, parsed, integerSamples), channel: p.label }));
  return { ...combineChannels(channels), channels };
}

function imageSnrFromDecoded(
  path: string,
  decoded: Awaited<ReturnType<typeof decodeMeasuredImage>>,
  options: ParsedSnrOptions,
): ImageSnr {
  const integer = decoded.raster.sampleType !== "float32";
  const channels = iquaflowPlanes(decoded).map((p) => ({
    ...measurePlane(p, options, integer),
    channel: p.label,
  }));
  const combined = combineChannels(channels);
  const status = Number.isNaN(combined.snr)
    ? (channels.find((c) => c.status !== "ok")?.status ?? "no-data")
    : Number.isFinite(combined.snr)
      ? "ok"
      : "zero-noise";
  return { file: path, ...combined, status, channels };
}

/** Measures one file; decode errors become an `error` entry (used directly and by the worker pool). */
export async function measureSnrFile(path: string, options: ParsedSnrOptions): Promise<ImageSnr> {
  try {
    return imageSnrFromDecoded(path, await decodeMeasuredImage(path), options);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { file: path, snr: Number.NaN, err: Number.NaN, status: "error", channels: [], error: message };
  }
}

/** Measures the SNR of one image file (decode errors are thrown as `InvalidFile`). */
export async function measureImageSnr(path: string, options: SnrOptions = {}): Promise<ImageSnr> {
  const parsed = parseOptions(options);
  return imageSnrFromDecoded(path, await decodeMeasuredImage(path), parsed);
}

/**
 * Measures the SNR of every image of a dataset, image folder or single image, and aggregates
 * the per-image values as iquaflow's `SNRMetric` (`snr_median`, `snr_mean`, `snr_std`; linear
 * mean/σ, NaN-ignoring, files in sorted order). A file that cannot be decoded is reported with
 * `status: "error"` and its message; the other files are still measured.
 */
export async function measureSnr(target: string, options: SnrOptions = {}): Promise<SnrReport> {
  const parsed = parseOptions(options);
  const { files, skipped } = await resolveImageFiles(target);
  const images = await measureFiles<ImageSnr>(
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
