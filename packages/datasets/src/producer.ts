import { createRequire } from "node:module";
import type { Modifier } from "@iqf/core";

const manifest = createRequire(import.meta.url)("../package.json") as { name: string; version: string };

/**
 * What produced a modified dataset: this pipeline's package and version, and the modifier's own
 * `producer` when it names one (`@iqf/datasets@0.2.0 @iqf/modifiers@0.2.0`). Recorded in the
 * manifest; an output is reused only when this is unchanged, so upgrading either package
 * recomputes instead of reusing output of older code.
 */
export function producerOf(modifier: Modifier): string {
  const pipeline = `${manifest.name}@${manifest.version}`;
  return modifier.producer ? `${pipeline} ${modifier.producer}` : pipeline;
}
