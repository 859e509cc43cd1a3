import {
  defineModifier,
  definePlugin,
  type FactoryContext,
  type Modifier,
  type ModifierDefinition,
  PluginRegistry,
} from "@iqf/core";
import type { z } from "zod";
import { BlurModifier, blurParamsSchema } from "./blur.js";
import { CommandModifier, commandParamsSchema } from "./command.js";
import { GsdModifier, gsdParamsSchema } from "./gsd.js";
import { JpgModifier, jpgParamsSchema } from "./jpg.js";
import { NoneModifier, noneParamsSchema } from "./none.js";
import { QuantModifier, quantParamsSchema } from "./quant.js";
import { RerModifier, rerParamsSchema } from "./rer.js";
import { SharpnessModifier, sharpnessParamsSchema } from "./sharpness.js";
import { SnrModifier, snrParamsSchema } from "./snr.js";

// Each constructor validates again with the same schema; it accepts its own parsed output.
function builtin(
  description: string,
  params: z.ZodType,
  folderName: string,
  Modifier: new (params: never, context: FactoryContext) => Modifier,
): ModifierDefinition {
  return defineModifier({
    description,
    params,
    folderName,
    create: (parsed, context) => new Modifier(parsed as never, context),
  });
}

/**
 * iqf's own modifiers as plugin entries (`none`, `jpg`, `quant`, `blur`, `gsd`, `sharpness`, `rer`,
 * `snr`, `command`): part of the built-in plugin that the command line and experiment files
 * load through the same registry as third-party plugins.
 */
export const modifierDefinitions: Readonly<Record<string, ModifierDefinition>> = Object.freeze({
  none: builtin(
    "identity: the unmodified dataset (no copy is written)",
    noneParamsSchema,
    "none",
    NoneModifier,
  ),
  jpg: builtin(
    "JPEG compression at a quality (one encode)",
    jpgParamsSchema,
    "jpg<quality>_modifier",
    JpgModifier,
  ),
  quant: builtin(
    "keeps the top bits of every sample",
    quantParamsSchema,
    "quant<bits>_modifier",
    QuantModifier,
  ),
  blur: builtin("Gaussian blur", blurParamsSchema, "blur<sigma>_modifier", BlurModifier),
  gsd: builtin(
    "ground-sample distance: reduce by scale and enlarge back",
    gsdParamsSchema,
    "gsd<resol × scale>_modifier",
    GsdModifier,
  ),
  sharpness: builtin(
    "smooth (< 1) or sharpen (> 1) with a 3×3 blend",
    sharpnessParamsSchema,
    "sharpness<sharpness>_modifier",
    SharpnessModifier,
  ),
  rer: builtin("blur to a target relative edge response", rerParamsSchema, "rer<rer>_modifier", RerModifier),
  snr: builtin(
    "add seeded Gaussian noise to a target signal-to-noise ratio",
    snrParamsSchema,
    "snr<snr>_modifier",
    SnrModifier,
  ),
  command: builtin(
    "run an external program per image (e.g. super-resolution)",
    commandParamsSchema,
    "<name>_modifier",
    CommandModifier,
  ),
});

/** Modifier types known to {@link createModifier}: `none`, `jpg`, `quant`, `blur`, `gsd`, `sharpness`, `rer`, `snr`, `command`. */
export const modifierTypes: readonly string[] = Object.freeze(Object.keys(modifierDefinitions));

const builtins = new PluginRegistry().add(
  definePlugin({ name: "@iqf/modifiers", apiVersion: 1, modifiers: modifierDefinitions }),
  "@iqf/modifiers",
);

/**
 * Creates a built-in modifier by type name with parameters as typed on a command line
 * (`createModifier("jpg", { quality: "85" })`); strings are parsed and keep their int/float form
 * for the folder name (`"2.0"` → `blur2.0_modifier`). Throws `InvalidParams` for an unknown type or
 * bad parameters. Plugins' modifiers come from a `PluginRegistry`.
 */
export function createModifier(
  type: string,
  params: Record<string, string | number | boolean> = {},
): Modifier {
  return builtins.createModifier(type, params, { baseDir: process.cwd() });
}
