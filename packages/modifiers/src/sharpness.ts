import type { ModifiedImage, Modifier, ModifyContext, Params, SourceImage } from "@iqf/core";
import { z } from "zod";
import { modifierName, transformInWorker } from "./image-transform.js";
import { parseParams, pyNumberParam, type RawParams } from "./params.js";
import { MODIFIERS_PRODUCER } from "./producer.js";

/** zod schema of the {@link SharpnessModifier} params. */
export const sharpnessParamsSchema = z.strictObject({
  sharpness: pyNumberParam({ min: 0, max: 1000 })
    .prefault(2)
    .describe("blend factor: 0 smooths, 1 is the identity, above 1 sharpens"),
});

/** Parameters of {@link SharpnessModifier}. */
export interface SharpnessParams {
  /** Blend factor ≥ 0: 0 smooths, 1 is the identity, above 1 sharpens. Default 2 (`sharpness2_modifier`). */
  readonly sharpness?: number | string;
}

/**
 * Sharpness adjustment (iquaflow's `DSModifier_sharpness`, torchvision's `adjust_sharpness`): the
 * 3×3 smooth/sharpen blend on the interior, borders unchanged, for grey, RGB, RGBA (alpha kept)
 * and any band count, 8/16-bit. Name `sharpness<sharpness>_modifier`. Results are rounded.
 */
export class SharpnessModifier implements Modifier {
  /** @inheritDoc */
  readonly name: string;
  /** @inheritDoc */
  readonly params: Params;
  /** @inheritDoc */
  readonly producer = MODIFIERS_PRODUCER;
  private readonly factor: number;

  /** @param params - see {@link SharpnessParams}; invalid values throw `InvalidParams`. */
  constructor(params: SharpnessParams = {}) {
    const parsed = parseParams("sharpness modifier", sharpnessParamsSchema, params as RawParams);
    this.factor = parsed.sharpness.value;
    this.name = modifierName("sharpness", parsed.sharpness);
    this.params = { sharpness: this.factor };
  }

  /** @inheritDoc */
  modifyImage(image: SourceImage, _context?: ModifyContext): Promise<ModifiedImage> {
    return transformInWorker(this.name, image, "sharpness", { factor: this.factor });
  }
}
