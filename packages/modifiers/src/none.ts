import type { ModifiedImage, Modifier, Params, SourceImage } from "@iqf/core";
import { z } from "zod";
import { parseParams, type RawParams } from "./params.js";
import { MODIFIERS_PRODUCER } from "./producer.js";

/** zod schema of the {@link NoneModifier} params: there are none. */
export const noneParamsSchema = z.strictObject({});

/**
 * The identity modifier (iquaflow's base `DSModifier`): every image stays as it is. It gives a
 * grid its pristine level: the dataset pipeline skips it, so an experiment runs the task on the
 * unmodified dataset (no copy is written) and records the run as `modifier: none`.
 * Name `none`; it takes no parameters.
 */
export class NoneModifier implements Modifier {
  /** @inheritDoc */
  readonly name = "none";
  /** @inheritDoc */
  readonly params: Params = {};
  /** @inheritDoc */
  readonly identity = true;
  /** @inheritDoc */
  readonly producer = MODIFIERS_PRODUCER;

  /** @param params - must be empty; any parameter throws `InvalidParams`. */
  constructor(params: Record<string, never> = {}) {
    parseParams("none modifier", noneParamsSchema, params as RawParams);
  }

  /** Returns the image's bytes unchanged. */
  async modifyImage(image: SourceImage): Promise<ModifiedImage> {
    return { encoded: await image.read() };
  }
}
