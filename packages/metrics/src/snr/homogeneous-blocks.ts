import { numpyMean } from "@iqf/core";
import type { ChannelPlane } from "../images/channel-planes.js";
import { numpyNanMedian, numpyNanStd, numpyStd, rintHalfEven } from "../numeric/numpy-reductions.js";
import { type ChannelSnr, unmeasured } from "./channel-snr.js";
import { nonZeroMedian, windowStats } from "./window-stats.js";

/** Options of the homogeneous-blocks (HB) estimator. */
export interface HomogeneousBlocksOptions {
  /** Window side in pixels (iquaflow default 3). */
  readonly patchSize: number;
  /** Grid step in pixels (default: the patch size). */
  readonly stride: number;
  /** Reproduce iquaflow's failure results (NaN for a median ending in .5, +∞ for zero noise). */
  readonly iquaflowFailures: boolean;
}

/** scipy `sigmaclip(values, low, high)`: iterative clipping with population std, bounds inclusive. */
export function sigmaClip(values: Float64Array, low: number, high: number): Float64Array {
  let c = values;
  for (;;) {
    if (c.length === 0) return c;
    const sd = numpyStd(c);
    const m = numpyMean(c);
    const lo = m - sd * low;
    const hi = m + sd * high;
    const kept = c.filter((x) => x >= lo && x <= hi);
    if (kept.length === c.length) return kept;
    c = kept;
  }
}

/**
 * Homogeneous-blocks SNR of one channel, as iquaflow's `SNRHomogeneousBlocks`: the noise is the
 * median σ (after 4/2-sigma clipping) of the windows whose rounded mean equals the median of the
 * non-zero pixels, and SNR = median / noise. Bit-identical to the original where it is defined.
 *
 * Where the original fails, the defined result is (unless `iquaflowFailures`): a median ending
 * in .5 uses the two neighbouring integer bins; when the clipped noise is 0 the perfectly flat
 * windows are left out (status `zero-noise` when nothing else remains).
 */
export function homogeneousBlocksSnr(plane: ChannelPlane, options: HomogeneousBlocksOptions): ChannelSnr {
  const median = nonZeroMedian(plane);
  if (Number.isNaN(median)) return unmeasured("no-data");
  const { mean, std } = windowStats(plane, options.patchSize, options.stride);
  const halfBin = !Number.isInteger(median) && !options.iquaflowFailures;
  const lowBin = Math.floor(median);
  const highBin = Math.ceil(median);
  const selected: number[] = [];
  for (let k = 0; k < mean.length; k++) {
    const m = rintHalfEven(mean[k]!);
    const inBin = halfBin ? m === lowBin || m === highBin : m === median;
    if (inBin && !Number.isNaN(std[k]!)) selected.push(std[k]!);
  }
  const result = noiseFromStds(Float64Array.from(selected));
  if (result.noise === 0 && !options.iquaflowFailures) {
    const nonFlat = Float64Array.from(selected.filter((s) => s > 0));
    if (nonFlat.length === 0) return unmeasured("zero-noise", median, selected.length);
    return finish(noiseFromStds(nonFlat), median);
  }
  if (selected.length === 0 && !options.iquaflowFailures) return unmeasured("too-few-at-median", median);
  return finish(result, median);
}

interface NoiseEstimate {
  readonly noise: number;
  readonly spread: number;
  readonly count: number;
}

function noiseFromStds(stds: Float64Array): NoiseEstimate {
  const clipped = sigmaClip(stds, 4, 2);
  return { noise: numpyNanMedian(clipped), spread: numpyNanStd(clipped), count: clipped.length };
}

function finish(estimate: NoiseEstimate, median: number): ChannelSnr {
  const { noise, spread, count } = estimate;
  const snr = median / noise;
  const err = (median / (noise * noise)) * spread;
  return {
    snr,
    err,
    status: Number.isNaN(snr) ? "too-few-at-median" : Number.isFinite(snr) ? "ok" : "zero-noise",
    samples: count,
    signal: median,
  };
}
