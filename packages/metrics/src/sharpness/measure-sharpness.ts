import { defaultConcurrency, InvalidParams, type ProgressCallback } from "@iqf/core";
import { z } from "zod";
import { type ChannelPlane, iquaflowPlanes } from "../images/channel-planes.js";
import { decodeMeasuredImage } from "../images/decode-image.js";
import { resolveImageFiles, type SkippedFile } from "../images/resolve-image-files.js";
import { measureFiles } from "../iq-metric/worker-pool.js";
import type { EdgeDirection, EdgeRoiOptions, SharpnessMethod } from "./edge-roi.js";
import {
  type ChannelSharpness,
  edgeDirections,
  measureChannelSharpness,
  type SharpnessFigure,
  sharpnessFigures,
} from "./measure-channel.js";

/** The 12 aggregate keys of iquaflow's `SharpnessMetric`, in its order. */
export const sharpnessKeys = [
  "RER_X",
  "RER_Y",
  "RER_other",
  "FWHM_X",
  "FWHM_Y",
  "FWHM_other",
  "MTF_NYQ_X",
  "MTF_halfNYQ_X",
  "MTF_NYQ_Y",
  "MTF_halfNYQ_Y",
  "MTF_NYQ_other",
  "MTF_halfNYQ_other",
] as const;
/** One of {@link sharpnessKeys}. */
export type SharpnessKey = (typeof sharpnessKeys)[number];
/** The 12 sharpness figures, named as iquaflow's `SharpnessMetric` results; NaN when not measurable. */
export interface SharpnessValues {
  /** Relative edge response, X edges. */
  RER_X: number;
  /** Relative edge response, Y edges. */
  RER_Y: number;
  /** Relative edge response, edges of other directions. */
  RER_other: number;
  /** Full width at half maximum of the LSF, px, X edges. */
  FWHM_X: number;
  /** Full width at half maximum of the LSF, px, Y edges. */
  FWHM_Y: number;
  /** Full width at half maximum of the LSF, px, edges of other directions. */
  FWHM_other: number;
  /** MTF at Nyquist (0.5 cy/px), X edges. */
  MTF_NYQ_X: number;
  /** MTF at Nyquist (0.5 cy/px), Y edges. */
  MTF_NYQ_Y: number;
  /** MTF at Nyquist (0.5 cy/px), edges of other directions. */
  MTF_NYQ_other: number;
  /** MTF at half Nyquist (0.25 cy/px), X edges. */
  MTF_halfNYQ_X: number;
  /** MTF at half Nyquist (0.25 cy/px), Y edges. */
  MTF_halfNYQ_Y: number;
  /** MTF at half Nyquist (0.25 cy/px), edges of other directions. */
  MTF_halfNYQ_other: number;
}

/**
 * Defaults per method: the `iquaflow` method measures shorter, narrower regions, close to
 * iquaflow's 11×13 px patches, and leaves noisy edges to iquaflow's own tests (patch contrast,
 * R², edge SNR of the fitted ESF) instead of iqf's edge-SNR threshold.
 */
const methodDefaults = {
  "slanted-edge": { edgeLength: 15, halfWidth: 8, minEdgeSnr: 20 },
  iquaflow: { edgeLength: 9, halfWidth: 6, minEdgeSnr: 0 },
} as const;

const sharpnessOptionsSchema = z.strictObject({
  edgeLength: z.number().int().min(5).max(101).optional(),
  halfWidth: z.number().int().min(4).max(32).optional(),
  binWidth: z.number().gt(0).max(1).default(0.25),
  minEdgeSnr: z.number().min(0).optional(),
  minContrastRatio: z.number().min(1).default(1.2),
  maxStraightnessRms: z.number().gt(0).default(0.5),
  method: z.enum(["slanted-edge", "iquaflow"]).default("slanted-edge"),
  concurrency: z.number().int().min(1).max(256).optional(),
});

/** Options of {@link measureSharpness}; the defaults suit natural images. */
export interface SharpnessOptions {
  /** Length of the measured edge piece along the edge, px (default 15; 9 for the `iquaflow` method). */
  readonly edgeLength?: number;
  /** Half-width of the profile across the edge, px (default 8, must cover the blur's tails; 6 for `iquaflow`). */
  readonly halfWidth?: number;
  /** ESF bin width, px (default 0.25, i.e. 4× super-sampling as ISO 12233). */
  readonly binWidth?: number;
  /** Minimum edge SNR: contrast over the pixel noise of the two flat sides (default 20; 0 for `iquaflow`). */
  readonly minEdgeSnr?: number;
  /** Minimum bright/dark level ratio (default 1.2, iquaflow's alpha). */
  readonly minContrastRatio?: number;
  /** Maximum RMS deviation of the edge from a straight line, px (default 0.5). */
  readonly maxStraightnessRms?: number;
  /**
   * Estimator (default `slanted-edge`): `slanted-edge` measures the super-sampled edge spread
   * function itself (ISO 12233 style, true on synthetic edges); `iquaflow` selects and measures
   * edges as iquaflow's `SharpnessMetric` does (its patch contrast test, ESF from spline-resampled
   * transects of 15 × 13 px patches, logistic fit with its R² and edge-SNR tests, figures from the
   * fitted model), so the 12 aggregates are comparable with iquaflow's (within 15 % on its
   * samples), including its model's inflated MTF at Nyquist.
   */
  readonly method?: SharpnessMethod;
  /** Images measured at the same time (default: the core count). */
  readonly concurrency?: number;
  /** Progress after each image. */
  readonly onProgress?: ProgressCallback;
  /** Cancels the measurement. */
  readonly signal?: AbortSignal;
}

/** Validated sharpness options (defaults applied). */
export type ParsedSharpnessOptions = z.infer<typeof sharpnessOptionsSchema> & {
  readonly edgeLength: number;
  readonly halfWidth: number;
  readonly minEdgeSnr: number;
};

function parseOptions(options: SharpnessOptions): ParsedSharpnessOptions {
  const { onProgress: _p, signal: _s, ...rest } = options;
  const parsed = sharpnessOptionsSchema.safeParse(rest);
  if (!parsed.success) {
    throw new InvalidParams(
      "sharpness measurement",
      parsed.error.issues.map((i) => `${i.path.join(".") || "options"}: ${i.message}`),
    );
  }
  const defaults = methodDefaults[parsed.data.method];
  return {
    ...parsed.data,
    edgeLength: parsed.data.edgeLength ?? defaults.edgeLength,
    halfWidth: parsed.data.halfWidth ?? defaults.halfWidth,
    minEdgeSnr: parsed.data.minEdgeSnr ?? defaults.minEdgeSnr,
  };
}

/** Sharpness of one channel in a report: the channel label, its per-key means and edge counts. */
export interface ChannelSharpnessReport {
  /** Band label. */
  readonly channel: string;
  /** Mean per key over the channel's edges (NaN without edges in that direction). */
  readonly values: SharpnessValues;
  /** Accepted edges per direction. */
  readonly edges: Record<EdgeDirection, number>;
}

/** Sharpness of one image. */
export interface ImageSharpness extends SharpnessValues {
  /** Path of the image. */
  readonly file: string;
  /** `ok`, `no-edges` (nothing measurable: a defined result, every key NaN) or `error`. */
  readonly status: "ok" | "no-edges" | "error";
  /** Per-channel details. */
  readonly channels: ChannelSharpnessReport[];
  /** Decoding error message, when the file could not be read. */
  readonly error?: string;
}

/** Result of {@link measureSharpness}: the 12 aggregates plus per-image details. */
export interface SharpnessReport extends SharpnessValues {
  /** Per-image results, sorted by file. */
  readonly images: ImageSharpness[];
  /** Files found next to the images but not measured. */
  readonly skipped: SkippedFile[];
}

function keyOf(figure: SharpnessFigure, direction: EdgeDirection): SharpnessKey {
  return `${figure}_${direction}` as SharpnessKey;
}

function emptyValues(): SharpnessValues {
  const values: Partial<SharpnessValues> = {};
  for (const key of sharpnessKeys) values[key] = Number.NaN;
  return values as SharpnessValues;
}

function nanMean(values: readonly number[]): number {
  let sum = 0;
  let n = 0;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    sum += v;
    n++;
  }
  return n === 0 ? Number.NaN : sum / n;
}

function channelReport(label: string, result: ChannelSharpness): ChannelSharpnessReport {
  const values = emptyValues();
  for (const figure of sharpnessFigures) {
    for (const direction of edgeDirections) {
      const stats = result.stats[figure][direction];
      if (stats) values[keyOf(figure, direction)] = stats.mean;
    }
  }
  const edges = { X: 0, Y: 0, other: 0 };
  for (const e of result.edges) edges[e.direction]++;
  return { channel: label, values, edges };
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
  const parsed = parseOptions(options);
  return sharpnessOfPlanes(planes, parsed);
}

function sharpnessOfPlanes(
  planes: readonly ChannelPlane[],
  options: EdgeRoiOptions,
): { values: SharpnessValues; channels: ChannelSharpnessReport[] } {
  const channels = planes.map((p) => channelReport(p.label, measureChannelSharpness(p, options)));
  const values = emptyValues();
  for (const key of sharpnessKeys) values[key] = nanMean(channels.map((c) => c.values[key]));
  return { values, channels };
}

/** Measures one file; decode errors become an `error` entry (used directly and by the worker pool). */
export async function measureSharpnessFile(
  path: string,
  options: ParsedSharpnessOptions,
): Promise<ImageSharpness> {
  try {
    const { values, channels } = sharpnessOfPlanes(iquaflowPlanes(await decodeMeasuredImage(path)), options);
    const status = sharpnessKeys.some((k) => !Number.isNaN(values[k])) ? "ok" : "no-edges";
    return { file: path, ...values, status, channels };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { file: path, ...emptyValues(), status: "error", channels: [], error: message };
  }
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
  const parsed = parseOptions(options);
  const { files, skipped } = await resolveImageFiles(target);
  const images = await measureFiles<ImageSharpness>(
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
