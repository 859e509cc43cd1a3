import type { ModifiedImage, Modifier, ModifyContext, Params, SourceImage } from "@iqf/core";
import { z } from "zod";
import { modifierName, transformInWorker } from "./image-transform.js";
import { varianceMatchedSigma } from "./kernels/gaussian.js";
import { parseParams, pyNumberParam, type RawParams } from "./params.js";
import { MODIFIERS_PRODUCER } from "./producer.js";

/** zod schema of the {@link BlurModifier} params. */
export const blurParamsSchema = z.strictObject({
  sigma: pyNumberParam({ above: 0, max: 1000 }).prefault(1).describe("Gaussian standard deviation in pixels"),
  kernel: z.enum(["gaussian", "iquaflow7x7"]).default("gaussian").describe("kernel shape"),
});

/** Parameters of {@link BlurModifier}. */
export interface BlurParams {
  /** Gaussian standard deviation in pixels, > 0. Default 1 (`blur1_modifier`); `"2.0"` names it `blur2.0_modifier`. */
  readonly sigma?: number | string;
  /**
   * `gaussian` (default): a kernel wide enough for sigma (to 0.1 % of the peak), variance-matched;
   * `iquaflow7x7`: iquaflow's fixed 7×7 kernel (truncated for sigma ≳ 1.2) with reflect borders.
   */
  readonly kernel?: "gaussian" | "iquaflow7x7";
}

/**
 * Gaussian blur (iquaflow's `DSModifier_blur`) on 8/16-bit images with any band count (a PNG's
 * alpha band is kept). Name `blur<sigma>_modifier`. Results are rounded, not floored.
 */
export class BlurModifier implements Modifier {
  /** @inheritDoc */
  readonly name: string;
  /** @inheritDoc */
  readonly params: Params;
  /** @inheritDoc */
  readonly producer = MODIFIERS_PRODUCER;
  private readonly sigma: number;
  private readonly kernel: "gaussian" | "iquaflow7x7";

  /** @param params - see {@link BlurParams}; invalid values throw `InvalidParams`. */
  constructor(params: BlurParams = {}) {
    const parsed = parseParams("blur modifier", blurParamsSchema, params as RawParams);
    this.sigma = parsed.sigma.value;
    this.kernel = parsed.kernel;
    this.name = modifierName("blur", parsed.sigma);
    this.params = { sigma: this.sigma, kernel: this.kernel };
  }

  /** @inheritDoc */
  modifyImage(image: SourceImage, _context?: ModifyContext): Promise<ModifiedImage> {
    if (this.kernel === "iquaflow7x7")
      return transformInWorker(this.name, image, "iquaflowBlur7x7", {
        sigma: this.sigma,
      });
    return transformInWorker(this.name, image, "gaussianBlur", {
      kernelSigma: varianceMatchedSigma(this.sigma),
    });
  }
}
