import { InvalidParams, type PyNumber, parsePyNumber } from "@iqf/core";
import { z } from "zod";

/** Raw modifier parameters as given by a caller or typed on a command line (`quality=85`). */
export type RawParams = Readonly<Record<string, unknown>>;

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
  return z.unknown().transform((input, ctx): PyNumber => {
    const number = parsePyNumber(input);
    if (number === undefined || violates(number, rule)) {
      ctx.addIssue({ code: "custom", message: `must be ${describeRule(rule)}` });
      return z.NEVER;
    }
    return number;
  });
}

/** A zod schema reading a boolean given as `true`/`false` or the strings `"true"`/`"false"`. */
export function booleanParam() {
  return z.union([z.boolean(), z.enum(["true", "false"]).transform((text) => text === "true")]);
}

function showValue(raw: RawParams, key: string): string {
  const value = raw[key];
  if (value === undefined) return "(missing)";
  if (typeof value === "object" && value !== null && "value" in value) return String(value.value);
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * Validates raw parameters against a strict zod object schema; every problem is reported in one
 * {@link InvalidParams} error naming the parameter and the value, e.g.
 * `quality=250: must be an integer >= 1 <= 100` or `unknown parameter "foo" (known: quality)`.
 */
export function parseParams<Shape extends z.ZodRawShape>(
  subject: string,
  shape: Shape,
  raw: RawParams,
): z.output<z.ZodObject<Shape>> {
  const result = z.strictObject(shape).safeParse(raw);
  if (result.success) return result.data;
  const known = Object.keys(shape).join(", ");
  const problems = result.error.issues.map((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => `unknown parameter "${key}" (known: ${known})`).join("; ");
    }
    const key = String(issue.path[0] ?? "");
    return `${key}=${showValue(raw, key)}: ${issue.message}`;
  });
  throw new InvalidParams(subject, problems);
}
