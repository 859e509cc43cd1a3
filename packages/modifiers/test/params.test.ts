import { InvalidParams } from "@iqf/core";
import { BlurModifier, createModifier, JpgModifier, RerModifier, SnrModifier } from "@iqf/modifiers";
import { describe, expect, it } from "vitest";

function problem(make: () => unknown): string {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidParams);
    expect((error as InvalidParams).code).toBe("INVALID_PARAMS");
    return (error as Error).message;
  }
  throw new Error("expected InvalidParams");
}

describe("invalid parameters are refused with a message naming the parameter", () => {
  it.each([
    ["jpg", { quality: 250 }, /jpg modifier: quality=250: must be an integer >= 1 and <= 100/],
    ["jpg", { quality: "85.5" }, /quality=85.5: must be an integer/],
    ["jpg", { quality: "high" }, /quality=high/],
    ["quant", { bits: 0 }, /quant modifier: bits=0: must be an integer >= 1 and <= 16/],
    ["quant", { bits: 17 }, /bits=17/],
    ["blur", { sigma: -1 }, /blur modifier: sigma=-1: must be a number > 0/],
    ["blur", { sigma: 0 }, /sigma=0/],
    ["blur", { kernel: "box" }, /kernel=box/],
    ["gsd", { scale: 0 }, /scale=0/],
    ["gsd", { interpolation: 5 }, /interpolation=5: .*hamming \(5\) are not supported/],
    ["sharpness", { sharpness: -0.5 }, /sharpness=-0.5: must be a number >= 0/],
    ["rer", { rer: 1.2 }, /rer=1.2: must be a number > 0 and < 1/],
    ["snr", { seed: -3 }, /seed=-3/],
    ["snr", { dataset: "XVIEW" }, /dataset=XVIEW: must be one of xview, inria-aid, DeepGlobe/],
    ["command", { argv: "[]" }, /argv=\[\]: must be a non-empty list/],
    [
      "command",
      { argv: "true", output: "/tmp/x.png" },
      /output=\/tmp\/x.png: must start with \{outputDir\}\//,
    ],
  ])("%s %j", (type, params, message) => {
    expect(problem(() => createModifier(type, params))).toMatch(message);
  });

  it("names an unknown parameter and lists the known ones", () => {
    expect(problem(() => new JpgModifier({ qualty: 3 } as never))).toMatch(
      /unknown parameter "qualty" \(known: quality\)/,
    );
  });

  it("reports every problem at once", () => {
    const message = problem(() => new BlurModifier({ sigma: -1, kernel: "x" as never }));
    expect(message).toMatch(/sigma=-1/);
    expect(message).toMatch(/kernel=x/);
  });

  it("names an unknown modifier type", () => {
    expect(problem(() => createModifier("sr", {}))).toMatch(
      /unknown modifier type "sr" \(known: none, jpg, quant,/,
    );
  });

  it("refuses an RER target that a blur cannot reach (iquaflow writes black images)", () => {
    expect(problem(() => new RerModifier({ rer: 0.6 }))).toMatch(
      /rer=0.6: the target RER must be below the initial RER 0.56 \(dataset xview\)/,
    );
    expect(problem(() => new RerModifier({ rer: 0.54, initial_rer: 0.54 }))).toMatch(
      /below the initial RER 0.54/,
    );
    expect(problem(() => new RerModifier({ rer: 0.2, initial_rer: 0.5, dataset: "xview" }))).toMatch(
      /initial_rer=0.5 and dataset=xview: give one of them/,
    );
  });

  it("refuses an SNR target above the initial SNR", () => {
    expect(problem(() => new SnrModifier({ snr: 40 }))).toMatch(
      /snr=40: .* must not be above the initial SNR 31/,
    );
    expect(problem(() => new SnrModifier({ snr: 50, dataset: "inria-aid" }))).toMatch(
      /31 \(dataset inria-aid\)/,
    );
    expect(new SnrModifier({ snr: 40, dataset: "DeepGlobe" }).params).toMatchObject({ initial_snr: 45 });
  });
});
