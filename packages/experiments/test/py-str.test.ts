import { describe, expect, it } from "vitest";
import { formatArgValue } from "../src/py-str.js";

describe("formatArgValue (Python str() rendering)", () => {
  it.each([
    [10, "10"],
    [0.1, "0.1"],
    [1e-5, "1e-05"],
    [1.5e-5, "1.5e-05"],
    [0.0001, "0.0001"],
    [1e-7, "1e-07"],
    [2.5, "2.5"],
    [-0.5, "-0.5"],
    [0.30000000000000004, "0.30000000000000004"],
    [9999999999999998, "9999999999999998"],
    [1e16, "1e+16"],
    [1.2345678901234568e17, "1.2345678901234568e+17"],
    [Number.NaN, "nan"],
    [Number.POSITIVE_INFINITY, "inf"],
    [true, "True"],
    [false, "False"],
    ["a b; $(x)", "a b; $(x)"],
  ])("renders %s as %s", (value, text) => {
    expect(formatArgValue(value)).toBe(text);
  });
});
