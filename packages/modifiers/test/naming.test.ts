import { createModifier, modifierTypes } from "@iqf/modifiers";
import { describe, expect, it } from "vitest";

describe("modifier names follow iquaflow for the same inputs", () => {
  it.each([
    ["jpg", { quality: 85 }, "jpg85_modifier"],
    ["jpg", { quality: "85" }, "jpg85_modifier"],
    ["jpg", {}, "jpg65_modifier"],
    ["quant", { bits: 5 }, "quant5_modifier"],
    ["quant", {}, "quant4_modifier"],
    ["blur", {}, "blur1_modifier"],
    ["blur", { sigma: 3 }, "blur3_modifier"],
    ["blur", { sigma: "2.0" }, "blur2.0_modifier"],
    ["blur", { sigma: 2.0 }, "blur2_modifier"],
    ["blur", { sigma: 0.5 }, "blur0.5_modifier"],
    ["gsd", { scale: 2, resol: 0.3, interpolation: 2 }, "gsd0.6_modifier"],
    ["gsd", { scale: "2.0", interpolation: "2", resol: "0.3" }, "gsd0.6_modifier"],
    ["gsd", { scale: 1.5 }, "gsd0.44999999999999996_modifier"],
    ["gsd", { scale: 2, resol: 1 }, "gsd2_modifier"],
    ["gsd", {}, "gsd0.3_modifier"],
    ["sharpness", {}, "sharpness2_modifier"],
    ["sharpness", { sharpness: "2.0" }, "sharpness2.0_modifier"],
    ["sharpness", { sharpness: 0.5 }, "sharpness0.5_modifier"],
    ["rer", { rer: 0.3, initial_rer: 0.55 }, "rer0.3_modifier"],
    ["rer", { initial_rer: 0.54, rer: 0.1 }, "rer0.1_modifier"],
    ["rer", {}, "rer0.2_modifier"],
    ["snr", {}, "snr20_modifier"],
    ["snr", { snr: 10, initial_snr: 31 }, "snr10_modifier"],
    ["snr", { snr: "10.0", initial_snr: "31" }, "snr10.0_modifier"],
    ["command", { argv: "cp {input} {outputDir}", name: "MSRN_0.6_to_0.3" }, "MSRN_0.6_to_0.3_modifier"],
  ])("%s %j → %s", (type, params, name) => {
    expect(createModifier(type, params).name).toBe(name);
  });

  it("records the parameters, gsd = resol × scale included", () => {
    expect(createModifier("gsd", { scale: 2, resol: 0.3, interpolation: 2 }).params).toEqual({
      scale: 2,
      interpolation: 2,
      resol: 0.3,
      gsd: 0.6,
    });
    expect(createModifier("jpg", { quality: "85" }).params).toEqual({ quality: 85 });
    expect(createModifier("snr", {}).params).toEqual({ snr: 20, initial_snr: 31, dataset: "xview", seed: 0 });
  });

  it("lists the modifier types", () => {
    expect(modifierTypes).toEqual([
      "none",
      "jpg",
      "quant",
      "blur",
      "gsd",
      "sharpness",
      "rer",
      "snr",
      "command",
    ]);
  });
});

describe("built-in modifiers name the package version that produced them", () => {
  it("records @iqf/modifiers and its version as every modifier's producer", async () => {
    const { readFile } = await import("node:fs/promises");
    const manifest = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8"));
    const expected = `@iqf/modifiers@${manifest.version as string}`;
    const params: Record<string, Record<string, string>> = { command: { argv: "cp {input} {outputDir}" } };
    for (const type of modifierTypes) {
      expect(createModifier(type, params[type] ?? {}).producer, type).toBe(expected);
    }
  });
});
