import { formatPyFloat } from "@iqf/core";

/** A value that can be written on a task's command line or logged as a param. */
export type ArgValue = string | number | boolean;

/**
 * Renders a value as Python's `str()` would, so that scripts written for iquaflow receive the
 * same text: integral numbers as digits, other numbers as Python floats (`0.1`, `1e-05`),
 * booleans as `True`/`False`, strings unchanged.
 */
export function formatArgValue(value: ArgValue): string {
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "string") return value;
  return Number.isInteger(value) && Math.abs(value) < 1e16 ? value.toFixed(0) : formatPyFloat(value);
}
