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
import { kernelSigmaForRer } from "./kernels/edge-response.js";
import { parseParams, pyNumberParam, type RawParams } from "./params.js";
import { MODIFIERS_PRODUCER } from "./producer.js";

/** Parameters of {@link RerModifier}. */
export interface RerParams {
  /** Target relative edge response, 0 < rer < 1, below the initial one. Default `0.2`. */
  readonly rer?: number | string;
  /** RER of the source images, 0 < initial_rer < 1. Give this or `dataset`. */
  readonly initial_rer?: number | string;
  /** A labelled dataset whose RER is the initial one (`xview`, `inria-aid`, `DeepGlobe`); default `xview`. */
  readonly dataset?: string;
}

/** zod schema of the {@link RerModifier} params (the target is checked against the initial RER on construction). */
export const rerParamsSchema = z.strictObject({
  rer: pyNumberParam({ above: 0, below: 1 }).prefault("0.2").describe("target relative edge response"),
  initial_rer: pyNumberParam({ above: 0, below: 1 }).optional().describe("RER of the source images"),
  dataset: datasetParam().optional().describe("labelled dataset giving the initial RER (default xview)"),
});

/**
 * Blurs images to a target relative edge response (iquaflow's `DSModifier_rer`). With a Gaussian
 * line-spread function of σ pixels, RER = 2Φ(0.5/σ) − 1; the initial and target RER give σ₀ and
 * σ_t in closed form and the images get a Gaussian blur of σ = √(σ_t² − σ₀²) (variances add).
 * The kernel actually applied is a sampled Gaussian whose parameter is solved (bounded bisection)
 * so that an edge of Gaussian LSF σ₀ blurred by exactly those taps has the target RER; above
 * ~1 px this is the same σ, for small blurs of sharp edges it removes a few-tap kernel's bias.
 * Name `rer<rer>_modifier`. A target that is not below the initial RER is refused with
 * `InvalidParams` (iquaflow writes black images there); no iterative search, so no endless loop.
 */
export class RerModifier implements Modifier {
  /** @inheritDoc */
  readonly name: string;
  /** @inheritDoc */
  readonly params: Params;
  /** @inheritDoc */
  readonly producer = MODIFIERS_PRODUCER;
  /** Parameter σ (pixels) of the sampled Gaussian kernel applied to every image. */
  readonly blurSigma: number;

  /** @param params - see {@link RerParams}; invalid values or an unreachable target throw `InvalidParams`. */
  constructor(params: RerParams = {}) {
    const subject = "rer modifier";
    const parsed = parseParams(subject, rerParamsSchema, params as RawParams);
    const target = parsed.rer.value;
    const initial = resolveInitialValue(subject, "RER", parsed.initial_rer?.value, parsed.dataset);
    if (!(target < initial.value)) {
      throw new InvalidParams(subject, [
        `rer=${target}: the target RER must be below the initial RER ${describeInitial(initial)}; blurring cannot raise the edge response`,
      ]);
    }
    this.blurSigma = kernelSigmaForRer(initial.value, target);
    this.name = modifierName("rer", parsed.rer);
    this.params = {
      rer: target,
      initial_rer: initial.value,
      ...(initial.dataset === undefined ? {} : { dataset: initial.dataset }),
      blur_sigma: this.blurSigma,
    };
  }

  /** @inheritDoc */
  modifyImage(image: SourceImage, _context?: ModifyContext): Promise<ModifiedImage> {
    return transformInWorker(this.name, image, "gaussianBlur", { kernelSigma: this.blurSigma });
  }
}
