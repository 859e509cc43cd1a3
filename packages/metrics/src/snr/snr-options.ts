import { InvalidParams, type ProgressCallback, zodProblems } from "@iqf/core";
import { z } from "zod";

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

/** Validates SNR options (progress and signal are left out) and applies the defaults. */
export function parseSnrOptions(options: SnrOptions): ParsedSnrOptions {
  const { onProgress: _p, signal: _s, ...rest } = options;
  const parsed = snrOptionsSchema.safeParse(rest);
  if (!parsed.success) {
    throw new InvalidParams("SNR measurement", zodProblems(parsed.error.issues));
  }
  return parsed.data;
}
