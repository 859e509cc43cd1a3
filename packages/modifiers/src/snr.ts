import {
  InvalidParams,
  type ModifiedImage,
  type Modifier,
  type ModifyContext,
  type Params,
  type SourceImage,
} from "@iqf/core";
import { z } from "zod";
import { modifierName, transformInWorker } from "./image-transform.js";
import { datasetParam, describeInitial, resolveInitialValue } from "./initial-value.js";
import { imageSeed } from "./kernels/noise.js";
import { parseParams, pyNumberParam, type RawParams } from "./params.js";
import { MODIFIERS_PRODUCER } from "./producer.js";

/** Parameters of {@link SnrModifier}. */
export interface SnrParams {
  /** Target signal-to-noise ratio > 0, at most the initial one. Default `20`. */
  readonly snr?: number | string;
  /** SNR of the source images, > 0. Give this or `dataset`. */
  readonly initial_snr?: number | string;
  /** A labelled dataset whose SNR is the initial one (`xview`, `inria-aid`, `DeepGlobe`); default `xview`. */
  readonly dataset?: string;
  /** Seed of the noise, a non-negative integer (default 0). Same seed and image, same noise. */
  readonly seed?: number | string;
}

/** zod schema of the {@link SnrModifier} params (the target is checked against the initial SNR on construction). */
export const snrParamsSchema = z.strictObject({
  snr: pyNumberParam({ above: 0 }).prefault(20).describe("target signal-to-noise ratio"),
  initial_snr: pyNumberParam({ above: 0 }).optional().describe("SNR of the source images"),
  dataset: datasetParam().optional().describe("labelled dataset giving the initial SNR (default xview)"),
  seed: pyNumberParam({ integer: true, min: 0, max: 0xffffffff }).prefault(0).describe("noise seed"),
});

/**
 * Adds Gaussian noise to reach a target SNR (iquaflow's `DSModifier_snr`). SNR means μ/σ per band:
 * μ the mean of the band's samples in the image, σ the standard deviation of its noise (the
 * definition of `@iqf/metrics`' `robust` SNR). A band at SNR s₀ has noise σ₀ = μ/s₀; to reach s
 * the modifier adds independent noise of σ = μ·√(1/s² − 1/s₀²) to every sample of the band (noise
 * variances add), rounding to nearest and clamping. (iquaflow uses one mean over all bands.)
 * Noise is seeded: the stream of each image comes from `seed` and the image's relative path, so a
 * re-run gives identical files whatever the order or concurrency. Name `snr<snr>_modifier`.
 * A target above the initial SNR is refused with `InvalidParams` (noise cannot be removed).
 */
export class SnrModifier implements Modifier {
  /** @inheritDoc */
  readonly name: string;
  /** @inheritDoc */
  readonly params: Params;
  /** @inheritDoc */
  readonly producer = MODIFIERS_PRODUCER;
  private readonly target: number;
  private readonly initial: number;
  private readonly seed: number;

  /** @param params - see {@link SnrParams}; invalid values or an unreachable target throw `InvalidParams`. */
  constructor(params: SnrParams = {}) {
    const subject = "snr modifier";
    const parsed = parseParams(subject, snrParamsSchema, params as RawParams);
    this.target = parsed.snr.value;
    const initial = resolveInitialValue(subject, "SNR", parsed.initial_snr?.value, parsed.dataset);
    if (this.target > initial.value) {
      throw new InvalidParams(subject, [
        `snr=${this.target}: the target SNR must not be above the initial SNR ${describeInitial(initial)}; adding noise cannot raise it`,
      ]);
    }
    this.initial = initial.value;
    this.seed = parsed.seed.value;
    this.name = modifierName("snr", parsed.snr);
    this.params = {
      snr: this.target,
      initial_snr: this.initial,
      ...(initial.dataset === undefined ? {} : { dataset: initial.dataset }),
      seed: this.seed,
    };
  }

  /** @inheritDoc */
  modifyImage(image: SourceImage, _context?: ModifyContext): Promise<ModifiedImage> {
    const seed = imageSeed(this.seed, image.relativePath);
    return transformInWorker(this.name, image, "noise", { initial: this.initial, target: this.target, seed });
  }
}
