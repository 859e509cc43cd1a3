import type { z } from "zod";
import { InvalidParams } from "../errors.js";

/** Raw params as given by a caller, an experiment file or the command line (`key=value` strings). */
export type RawParams = Readonly<Record<string, unknown>>;

function showValue(raw: unknown, path: readonly PropertyKey[]): string {
  let value: unknown = raw;
  for (const key of path) value = (value as Record<PropertyKey, unknown> | undefined)?.[key];
  if (value === undefined) return "(missing)";
  if (typeof value === "object" && value !== null && "value" in value) return String(value.value);
  return typeof value === "string" ? value : JSON.stringify(value);
}

function knownKeys(schema: z.ZodType): string {
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  return shape === undefined ? "" : ` (known: ${Object.keys(shape).join(", ") || "none"})`;
}

/**
 * Validates raw params against a zod schema and returns the parsed output; every problem is
 * reported in one {@link InvalidParams} naming the param and the value, e.g.
 * `quality=250: must be an integer >= 1` or `unknown parameter "foo" (known: quality)`.
 * @param subject - what the params belong to, e.g. `jpg modifier`.
 */
export function parseParams<Schema extends z.ZodType>(
  subject: string,
  schema: Schema,
  raw: RawParams,
): z.output<Schema> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    if (issue.code === "unrecognized_keys")
      return issue.keys.map((key) => `unknown parameter "${key}"${knownKeys(schema)}`).join("; ");
    if (issue.path.length === 0) return issue.message;
    return `${issue.path.map(String).join(".")}=${showValue(raw, issue.path)}: ${issue.message}`;
  });
  throw new InvalidParams(subject, problems);
}

/**
 * The JSON schema of a params schema, as `iqf plugins --json` shows it: the input side (what a
 * user writes), with parts JSON schema cannot express (transforms, custom checks) left open.
 * It comes from the schema's own `toJSONSchema` (zod 4.2 and later), so that loading core does not
 * load zod; a schema made with an older zod is shown fully open (`{}`).
 */
export function paramsJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const convert = (schema as Partial<Pick<z.ZodType, "toJSONSchema">>).toJSONSchema;
  if (typeof convert !== "function") return {};
  const json: Record<string, unknown> = convert.call(schema, { io: "input", unrepresentable: "any" });
  delete json.$schema;
  return json;
}
