import { defineModifier, definePlugin, type IqfPlugin } from "@iqf/core";
import { z } from "zod";
import { GammaModifier } from "./gamma-modifier.js";

/**
 * The plugin: one modifier type, `gamma`. Loaded by `--plugin @iqf/example-plugin-modifier`,
 * `IQF_PLUGINS` or `plugins: ["@iqf/example-plugin-modifier"]` in an experiment file, then used
 * as `iqf modify <dataset> gamma --param gamma=2.2` or `modifiers: [{ type: gamma, params: { gamma: 2.2 } }]`.
 */
export const plugin: IqfPlugin = definePlugin({
  name: "@iqf/example-plugin-modifier",
  apiVersion: 1,
  modifiers: {
    gamma: defineModifier({
      description: "gamma correction of every sample: out = max·(in/max)^gamma",
      // Command-line values arrive as strings: coerce numbers.
      params: z.strictObject({ gamma: z.coerce.number().positive().describe("exponent, > 0; > 1 darkens") }),
      folderName: "gamma<gamma>_modifier",
      create: ({ gamma }) => new GammaModifier({ gamma }),
    }),
  },
});
