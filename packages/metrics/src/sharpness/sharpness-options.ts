import { InvalidParams, type ProgressCallback, zodProblems } from "@iqf/core";
import { z } from "zod";
import type { SharpnessMethod } from "./edge-roi.js";

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

/** Validates sharpness options (progress and signal are left out) and applies the method defaults. */
export function parseSharpnessOptions(options: SharpnessOptions): ParsedSharpnessOptions {
  const { onProgress: _p, signal: _s, ...rest } = options;
  const parsed = sharpnessOptionsSchema.safeParse(rest);
  if (!parsed.success) {
    throw new InvalidParams("sharpness measurement", zodProblems(parsed.error.issues));
  }
  const defaults = methodDefaults[parsed.data.method];
  return {
    ...parsed.data,
    edgeLength: parsed.data.edgeLength ?? defaults.edgeLength,
    halfWidth: parsed.data.halfWidth ?? defaults.halfWidth,
    minEdgeSnr: parsed.data.minEdgeSnr ?? defaults.minEdgeSnr,
  };
}
