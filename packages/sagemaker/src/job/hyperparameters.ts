import { type ArgValue, formatArgValue } from "@iqf/experiments";

/**
 * Encodes a value as a SageMaker hyperparameter string the way the SageMaker Python SDK does
 * (JSON): strings quoted, numbers as Python prints them (`1e-05`), booleans `true`/`false`.
 */
export function encodeHyperparameter(value: ArgValue): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  return formatArgValue(value);
}

/** Decodes a hyperparameter string as the training toolkit does: JSON when it parses, else the text. */
export function decodeHyperparameter(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function argText(value: unknown): string {
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    return formatArgValue(value);
  }
  return JSON.stringify(value);
}

/**
 * The entry point's arguments, as the SageMaker training toolkit builds them: `--<key> <value>`
 * for every hyperparameter not starting with `sagemaker_`, keys sorted, values decoded and
 * printed as Python's `str()` would. `mapValue` may rewrite a decoded string (local mode maps
 * `/opt/ml/…` paths into its folder).
 */
export function entryPointArgs(
  hyperparameters: Readonly<Record<string, string>>,
  mapValue: (value: string) => string = (value) => value,
): string[] {
  return Object.keys(hyperparameters)
    .filter((key) => !key.startsWith("sagemaker_"))
    .sort()
    .flatMap((key) => {
      const value = decodeHyperparameter(hyperparameters[key]!);
      return [`--${key}`, typeof value === "string" ? mapValue(value) : argText(value)];
    });
}
