import type { ImageHeader } from "@iqf/core";
import { countOf } from "@iqf/core";

/**
 * Names the images a param does not fit, for a `ParamProblem` message: `all 10 images` or
 * `3 of 10 images`, then the first one, e.g. `3 of 10 images, e.g. a.jpg`.
 * @param misfits - the images the param cannot work on (at least one).
 * @param total - how many images the dataset holds.
 */
export function describeMisfits(misfits: readonly ImageHeader[], total: number): string {
  const first = misfits[0]!;
  const which =
    misfits.length === total && total > 1
      ? `all ${total} images`
      : `${misfits.length} of ${countOf(total, "image")}`;
  return `${which}, e.g. ${first.relativePath}`;
}
