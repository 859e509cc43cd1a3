import { pairwiseSum } from "@iqf/core";
import { numpyNanMean, numpyNanMedian, numpyNanStd } from "../numeric/numpy-reductions.js";
import type { ChannelSnr } from "./channel-snr.js";

/** SNR of a whole image, combined from its channels. */
export interface CombinedSnr {
  /** Mean SNR over the measured channels (NaN when none). */
  readonly snr: number;
  /** Error: the larger of the quadrature-mean channel error and the spread between channels. */
  readonly err: number;
}

/**
 * Combines channel SNRs as iquaflow's `SNRBase.apply`: channels without a value are left out;
 * one channel is returned as is; otherwise snr = mean and err = max(√(Σ err²)/n, std(snr)),
 * with numpy's summation order so the value is bit-identical.
 */
export function combineChannels(channels: readonly ChannelSnr[]): CombinedSnr {
  const kept = channels.filter((c) => !Number.isNaN(c.snr) && c.snr !== 0);
  if (kept.length === 0) return { snr: Number.NaN, err: Number.NaN };
  if (kept.length === 1) return { snr: kept[0]!.snr, err: kept[0]!.err };
  const snrs = Float64Array.from(kept, (c) => c.snr);
  const errs = Float64Array.from(
    kept.filter((c) => !Number.isNaN(c.err)),
    (c) => c.err * c.err,
  );
  const quadrature = Math.sqrt(pairwiseSum(errs)) / errs.length;
  const spread = numpyNanStd(snrs);
  // biome-ignore lint/complexity/useMathMinMax: a NaN spread yields the quadrature error, as iquaflow's comparison does
  return { snr: numpyNanMean(snrs), err: spread > quadrature ? spread : quadrature };
}

/** Aggregates over images, as iquaflow's `SNRMetric` (NaN values ignored, population std). */
export interface SnrAggregates {
  /** Median of the per-image SNRs. */
  readonly snr_median: number;
  /** Mean of the per-image SNRs. */
  readonly snr_mean: number;
  /** Standard deviation (ddof 0) of the per-image SNRs. */
  readonly snr_std: number;
}

/** nanmedian / nanmean / nanstd of per-image SNRs, in the order given (sort files first). */
export function aggregateSnr(values: readonly number[]): SnrAggregates {
  return { snr_median: numpyNanMedian(values), snr_mean: numpyNanMean(values), snr_std: numpyNanStd(values) };
}
