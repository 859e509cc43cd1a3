import { InvalidParams, type Modifier } from "@iqf/core";
import { BlurModifier } from "./blur.js";
import { CommandModifier } from "./command.js";
import { GsdModifier } from "./gsd.js";
import { JpgModifier } from "./jpg.js";
import { NoneModifier } from "./none.js";
import { QuantModifier } from "./quant.js";
import { RerModifier } from "./rer.js";
import { SharpnessModifier } from "./sharpness.js";
import { SnrModifier } from "./snr.js";

type Factory = (params: Record<string, string | number | boolean>) => Modifier;

// Params are validated by each constructor (zod), so the casts only hand raw values over.
const FACTORIES: Readonly<Record<string, Factory>> = {
  none: (params) => new NoneModifier(params as never),
  jpg: (params) => new JpgModifier(params as never),
  quant: (params) => new QuantModifier(params as never),
  blur: (params) => new BlurModifier(params as never),
  gsd: (params) => new GsdModifier(params as never),
  sharpness: (params) => new SharpnessModifier(params as never),
  rer: (params) => new RerModifier(params as never),
  snr: (params) => new SnrModifier(params as never),
  command: (params) => new CommandModifier(params as never),
};

/** Modifier types known to {@link createModifier}: `none`, `jpg`, `quant`, `blur`, `gsd`, `sharpness`, `rer`, `snr`, `command`. */
export const modifierTypes: readonly string[] = Object.freeze(Object.keys(FACTORIES));

/**
 * Creates a modifier by type name with parameters as typed on a command line
 * (`createModifier("jpg", { quality: "85" })`); strings are parsed and keep their int/float form
 * for the folder name (`"2.0"` → `blur2.0_modifier`). Throws `InvalidParams` for an unknown type or
 * bad parameters.
 */
export function createModifier(
  type: string,
  params: Record<string, string | number | boolean> = {},
): Modifier {
  const factory = Object.hasOwn(FACTORIES, type) ? FACTORIES[type] : undefined;
  if (factory === undefined) {
    throw new InvalidParams("modifier", [
      `unknown modifier type "${type}" (known: ${modifierTypes.join(", ")})`,
    ]);
  }
  return factory(params);
}
