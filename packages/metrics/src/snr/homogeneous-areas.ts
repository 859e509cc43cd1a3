import type { ChannelPlane } from "../images/channel-planes.js";
import { numpyNanMean, numpyNanStd } from "../numeric/numpy-reductions.js";
import { type ChannelSnr, unmeasured } from "./channel-snr.js";
import { lbpGoodWindows } from "./lbp-flat-windows.js";
import { nonZeroMedian, windowStats } from "./window-stats.js";

/** Options of the homogeneous-areas (HA, LBP-based) estimator. */
export interface HomogeneousAreasOptions {
  /** Window side in pixels (iquaflow's `SNRMetric` default 3). */
  readonly patchSize: number;
  /** Grid step in pixels (default: the patch size). */
  readonly stride: number;
  /** LBP radius (default 1). */
  readonly radius: number;
  /** Minimum share of flat-LBP pixels for a window to count as homogeneous (default 0.6). */
  readonly lbpThreshold: number;
  /** Reproduce iquaflow's failure result (NaN) for a median ending in .5. */
  readonly iquaflowFailures: boolean;
}

/** Fewest homogeneous windows HA needs (as in iquaflow). */
export const HA_MIN_WINDOWS = 10;
/** Fewest windows in the median bin HA needs (as in iquaflow). */
export const HA_MIN_AT_MEDIAN = 3;

/**
 * Homogeneous-areas SNR of one channel, as iquaflow's `SNRHomogeneousArea`: windows that are
 * mostly flat by LBP, per-window SNR = trunc(mean)/σ (σ = 0 ignored), averaged over the windows
 * whose truncated mean equals the median of the non-zero pixels. Bit-identical where defined.
 * A median ending in .5 (no window can match) uses the two neighbouring integer bins unless
 * `iquaflowFailures` is set.
 */
export function homogeneousAreasSnr(plane: ChannelPlane, options: HomogeneousAreasOptions): ChannelSnr {
  const { patchSize, stride } = options;
  const good = lbpGoodWindows(plane, patchSize, stride, options.radius, options.lbpThreshold);
  const median = nonZeroMedian(plane);
  if (Number.isNaN(median)) return unmeasured("no-data");
  let goodCount = 0;
  for (const g of good) goodCount += g;
  if (goodCount < HA_MIN_WINDOWS) return unmeasured("too-few-windows", median, goodCount);
  const { mean, std } = windowStats(plane, patchSize, stride);
  const halfBin = !Number.isInteger(median) && !options.iquaflowFailures;
  const lowBin = Math.floor(median);
  const highBin = Math.ceil(median);
  const selected: number[] = [];
  for (let k = 0; k < good.length; k++) {
    if (!good[k] || Number.isNaN(mean[k]!)) continue;
    const m = Math.trunc(mean[k]!);
    const inBin = halfBin ? m === lowBin || m === highBin : m === median;
    if (!inBin) continue;
    const s = std[k]!;
    selected.push(s === 0 ? Number.NaN : m / s);
  }
  if (selected.length < HA_MIN_AT_MEDIAN) return unmeasured("too-few-at-median", median, selected.length);
  const snr = numpyNanMean(selected);
  const err = numpyNanStd(selected);
  return {
    snr,
    err,
    status: Number.isNaN(snr) ? "zero-noise" : "ok",
    samples: selected.length,
    signal: median,
  };
}
