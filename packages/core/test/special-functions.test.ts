import { erfc, normalCdf } from "@iqf/core";
import { describe, expect, it } from "vitest";

describe("erfc and the standard normal CDF", () => {
  it.each([
    [0, 1],
    [0.5, 0.4795001221869535],
    [1, 0.15729920705028513],
    [2, 0.004677734981047266],
    [3, 2.209049699858544e-5],
    [-1, 1.8427007929497148],
  ])("erfc(%d) = %d", (x, expected) => {
    expect(erfc(x)).toBeCloseTo(expected, 14);
  });

  it("keeps relative accuracy in the far tail", () => {
    expect(erfc(6) / 2.1519736712498913e-17).toBeCloseTo(1, 12);
  });

  it("gives Φ(0) = ½ and the 97.5 % point", () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 12);
    expect(normalCdf(-1.959963984540054)).toBeCloseTo(0.025, 12);
  });
});
