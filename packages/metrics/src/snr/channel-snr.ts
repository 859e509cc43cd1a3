/**
 * Why a channel has (or has no) SNR value:
 * - `ok`: measured;
 * - `no-data`: every sample is zero (no-data);
 * - `too-few-windows`: fewer homogeneous windows than the method needs (HA: 10);
 * - `too-few-at-median`: not enough windows whose mean falls in the image-median bin (HA: 3, HB: 1);
 * - `zero-noise`: every usable window is perfectly flat (σ = 0), so the noise cannot be measured.
 */
export type SnrStatus = "ok" | "no-data" | "too-few-windows" | "too-few-at-median" | "zero-noise";

/** SNR of one channel (linear mean/σ, not dB). `snr`/`err` are NaN unless `status` is `ok`. */
export interface ChannelSnr {
  /** Signal-to-noise ratio. */
  readonly snr: number;
  /** Error estimate of `snr` (method-specific spread). */
  readonly err: number;
  /** Outcome of the measurement. */
  readonly status: SnrStatus;
  /** Number of windows (or pixels, for `robust`) the value is based on. */
  readonly samples: number;
  /** The signal level used (image median for HB/HA, mean for `robust`). */
  readonly signal: number;
}

/** Builds a channel result that carries no value. */
export function unmeasured(status: Exclude<SnrStatus, "ok">, signal = Number.NaN, samples = 0): ChannelSnr {
  return { snr: Number.NaN, err: Number.NaN, status, samples, signal };
}
