import { formatPyFloat, formatPyNumber, multiplyPyNumbers, parsePyNumber, pyFloat } from "@iqf/core";
import { describe, expect, it } from "vitest";

describe("formatPyFloat prints values as Python's str(float)", () => {
  it.each([
    [1, "1.0"],
    [2, "2.0"],
    [0.6, "0.6"],
    [0.0625, "0.0625"],
    [0.3 * 3, "0.8999999999999999"],
    [0.3 * 1.5, "0.44999999999999996"],
    [0.30000000000000004, "0.30000000000000004"],
    [1e-5, "1e-05"],
    [1.5e-5, "1.5e-05"],
    [0.0001, "0.0001"],
    [1e16, "1e+16"],
    [1.5e16, "1.5e+16"],
    [9999999999999998, "9999999999999998.0"],
    [123456.789, "123456.789"],
    [123456789012345.6, "123456789012345.6"],
    [1.2345678901234568e17, "1.2345678901234568e+17"],
    [1e22, "1e+22"],
    [-2.5, "-2.5"],
    [0, "0.0"],
    [-0, "-0.0"],
    [5e-324, "5e-324"],
    [Number.NaN, "nan"],
    [Number.POSITIVE_INFINITY, "inf"],
    [Number.NEGATIVE_INFINITY, "-inf"],
  ])("%d → %s", (value, text) => {
    expect(formatPyFloat(value)).toBe(text);
  });
});

describe("PyNumber keeps the int/float form the user typed", () => {
  it("parses strings, numbers and PyNumbers", () => {
    expect(parsePyNumber("2")).toEqual({ value: 2, isFloat: false });
    expect(parsePyNumber("2.0")).toEqual({ value: 2, isFloat: true });
    expect(parsePyNumber("1e-5")).toEqual({ value: 1e-5, isFloat: true });
    expect(parsePyNumber(2)).toEqual({ value: 2, isFloat: false });
    expect(parsePyNumber(2.5)).toEqual({ value: 2.5, isFloat: true });
    expect(parsePyNumber(pyFloat(3))).toEqual({ value: 3, isFloat: true });
    expect(parsePyNumber("two")).toBeUndefined();
    expect(parsePyNumber("inf")).toBeUndefined();
    expect(parsePyNumber(Number.NaN)).toBeUndefined();
  });

  it("formats ints as digits and floats as Python floats", () => {
    expect(formatPyNumber({ value: 85, isFloat: false })).toBe("85");
    expect(formatPyNumber(pyFloat(2))).toBe("2.0");
    expect(
      formatPyNumber(multiplyPyNumbers({ value: 2, isFloat: false }, { value: 3, isFloat: false })),
    ).toBe("6");
    expect(formatPyNumber(multiplyPyNumbers({ value: 2, isFloat: false }, pyFloat(3)))).toBe("6.0");
  });
});
