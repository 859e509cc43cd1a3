import { type ChannelPlane, iquaflowPlanes } from "../images/channel-planes.js";
import { decodeMeasuredImage } from "../images/decode-image.js";
import type { EdgeDirection, EdgeRoiOptions } from "./edge-roi.js";
import {
  type ChannelSharpness,
  edgeDirections,
  measureChannelSharpness,
  type SharpnessFigure,
  sharpnessFigures,
} from "./measure-channel.js";
import type { ParsedSharpnessOptions } from "./sharpness-options.js";

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

function keyOf(figure: SharpnessFigure, direction: EdgeDirection): SharpnessKey {
  return `${figure}_${direction}` as SharpnessKey;
}

/** The 12 keys, all NaN. */
export function emptyValues(): SharpnessValues {
  const values: Partial<SharpnessValues> = {};
  for (const key of sharpnessKeys) values[key] = Number.NaN;
  return values as SharpnessValues;
}

/** Mean of the values that are not NaN; NaN when there are none. */
export function nanMean(values: readonly number[]): number {
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

/** Sharpness of decoded channels with validated options: per-channel reports and their NaN-ignoring means. */
export function sharpnessOfPlanes(
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
