import { type ChannelPlane, iquaflowPlanes } from "../images/channel-planes.js";
import { decodeMeasuredImage } from "../images/decode-image.js";
import type { ChannelSnr, SnrStatus } from "./channel-snr.js";
import { combineChannels } from "./combine-channels.js";
import { homogeneousAreasSnr } from "./homogeneous-areas.js";
import { homogeneousBlocksSnr } from "./homogeneous-blocks.js";
import { robustSnr } from "./robust.js";
import type { ParsedSnrOptions } from "./snr-options.js";

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

/** Measures one channel with the chosen estimator. */
export function measurePlaneSnr(
  plane: ChannelPlane,
  options: ParsedSnrOptions,
  integerSamples: boolean,
): ChannelSnr {
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

/** SNR of a decoded image: every channel in iquaflow's order, then combined. */
export function imageSnrFromDecoded(
  path: string,
  decoded: Awaited<ReturnType<typeof decodeMeasuredImage>>,
  options: ParsedSnrOptions,
): ImageSnr {
  const integer = decoded.raster.sampleType !== "float32";
  const channels = iquaflowPlanes(decoded).map((p) => ({
    ...measurePlaneSnr(p, options, integer),
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
