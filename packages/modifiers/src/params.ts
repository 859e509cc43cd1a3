import { type PyNumber, parsePyNumber } from "@iqf/core";
import { z } from "zod";

export { parseParams, type RawParams } from "@iqf/core";

/** Range and type constraints of a numeric parameter. */
export interface NumberRule {
  /** Require a Python int (`85`, `"85"`); floats such as `85.5` or `"85.0"` are refused. */
  readonly integer?: boolean;
  /** Smallest allowed value (inclusive). */
  readonly min?: number;
  /** Largest allowed value (inclusive). */
  readonly max?: number;
  /** Values must be strictly greater than this. */
  readonly above?: number;
  /** Values must be strictly less than this. */
  readonly below?: number;
}

function describeRule(rule: NumberRule): string {
  const bounds: string[] = [];
  if (rule.min !== undefined) bounds.push(`>= ${rule.min}`);
  if (rule.above !== undefined) bounds.push(`> ${rule.above}`);
  if (rule.max !== undefined) bounds.push(`<= ${rule.max}`);
  if (rule.below !== undefined) bounds.push(`< ${rule.below}`);
  const kind = rule.integer ? "an integer" : "a number";
  return bounds.length === 0 ? kind : `${kind} ${bounds.join(" and ")}`;
}

function violates(number: PyNumber, rule: NumberRule): boolean {
  const { value } = number;
  return (
    (rule.integer === true && (number.isFloat || !Number.isInteger(value))) ||
    (rule.min !== undefined && value < rule.min) ||
    (rule.max !== undefined && value > rule.max) ||
    (rule.above !== undefined && value <= rule.above) ||
    (rule.below !== undefined && value >= rule.below)
  );
}

/**
 * A zod schema reading a number parameter given as a JS number, a numeric string or a
 * {@link PyNumber}, keeping whether the user meant an int or a float (for iquaflow's names).
 */
export function pyNumberParam(rule: NumberRule = {}) {
  return z
    .unknown()
    .transform((input, ctx): PyNumber => {
      const number = parsePyNumber(input);
      if (number === undefined || violates(number, rule)) {
        ctx.addIssue({ code: "custom", message: `must be ${describeRule(rule)}` });
        return z.NEVER;
      }
      return number;
    })
    .meta(jsonSchemaOf(rule));
}

/** What JSON schema shows for a number param (numeric strings are accepted too). */
function jsonSchemaOf(rule: NumberRule): Record<string, unknown> {
  return {
    type: [rule.integer ? "integer" : "number", "string"],
    ...(rule.min !== undefined && { minimum: rule.min }),
    ...(rule.max !== undefined && { maximum: rule.max }),
    ...(rule.above !== undefined && { exclusiveMinimum: rule.above }),
    ...(rule.below !== undefined && { exclusiveMaximum: rule.below }),
  };
}

/** A zod schema reading a boolean given as `true`/`false` or the strings `"true"`/`"false"`. */
export function booleanParam() {
  return z.union([z.boolean(), z.enum(["true", "false"]).transform((text) => text === "true")]);
}
