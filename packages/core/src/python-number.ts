/**
 * A number together with the Python type the user meant. iquaflow builds folder names with
 * Python f-strings, so `2` (int) gives `blur2_modifier` while `2.0` (float) gives
 * `blur2.0_modifier`; JavaScript numbers cannot tell the two apart on their own.
 */
export interface PyNumber {
  /** The numeric value. */
  readonly value: number;
  /** `true` when the value is a Python float (formatted with a fraction or exponent). */
  readonly isFloat: boolean;
}

const INT_LITERAL = /^[+-]?\d+$/;
const FLOAT_LITERAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Reads a number the way a user typed it.
 * - a string keeps its form: `"2"` is an int, `"2.0"`, `"0.5"` and `"1e-5"` are floats;
 * - a JS number is an int when it is integral (`2` and `2.0` are the same JS value), else a float;
 * - a {@link PyNumber} is taken as is.
 * Returns `undefined` when the input is not a finite number literal.
 */
export function parsePyNumber(input: unknown): PyNumber | undefined {
  if (typeof input === "number") {
    return Number.isFinite(input) ? { value: input, isFloat: !Number.isInteger(input) } : undefined;
  }
  if (typeof input === "string") {
    const text = input.trim();
    if (INT_LITERAL.test(text)) return { value: Number(text), isFloat: false };
    if (FLOAT_LITERAL.test(text)) {
      const value = Number(text);
      return Number.isFinite(value) ? { value, isFloat: true } : undefined;
    }
    return undefined;
  }
  if (typeof input === "object" && input !== null && "value" in input && "isFloat" in input) {
    const { value, isFloat } = input as PyNumber;
    if (typeof value === "number" && Number.isFinite(value) && typeof isFloat === "boolean") {
      return { value, isFloat: isFloat || !Number.isInteger(value) };
    }
  }
  return undefined;
}

/** A Python float with the given value, e.g. `pyFloat(2)` names a modifier `blur2.0_modifier`. */
export function pyFloat(value: number): PyNumber {
  return { value, isFloat: true };
}

/**
 * Formats a float like Python's `repr`/`str`: the shortest digits that round-trip, always with a
 * `.0` when integral, scientific notation (`1e-05`, `1.5e+16`) when the decimal exponent is
 * below −4 or at least 16.
 */
export function formatPyFloat(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  const sign = value < 0 ? "-" : "";
  const [mantissa = "", exponentText = "0"] = Math.abs(value).toExponential().split("e");
  const digits = mantissa.replace(".", "");
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const shown = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const expSign = exponent < 0 ? "-" : "+";
    return `${sign}${shown}e${expSign}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  const intPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
  const fraction = digits.slice(exponent + 1);
  return `${sign}${intPart}.${fraction === "" ? "0" : fraction}`;
}

/** Formats a {@link PyNumber} like Python's `str()`: ints as plain digits, floats as {@link formatPyFloat}. */
export function formatPyNumber(number: PyNumber): string {
  if (number.isFloat) return formatPyFloat(number.value);
  return Number.isSafeInteger(number.value) ? String(number.value) : BigInt(number.value).toString();
}

/** Python's `a * b`: int × int stays an int, anything with a float is a float. */
export function multiplyPyNumbers(a: PyNumber, b: PyNumber): PyNumber {
  return { value: a.value * b.value, isFloat: a.isFloat || b.isFloat };
}
