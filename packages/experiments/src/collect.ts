import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { InvalidFile } from "@iqf/core";
import type { KeyValue, MetricInput } from "@iqf/tracking";
import { formatArgValue } from "./py-str.js";

/** Name of the file a task writes its numbers into. */
export const resultsFileName = "results.json";

const keyPattern = /^[A-Za-z0-9_\-. /]+$/;

/** Metrics and params read from a task's `results.json`. */
export interface ParsedResults {
  /** Metric points: numbers at step 0, lists as per-step series. */
  readonly metrics: MetricInput[];
  /** Params: strings and booleans. */
  readonly params: KeyValue[];
}

function isStepPair(value: unknown): value is [number, number] {
  return Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === "number");
}

/**
 * Maps the parsed content of a `results.json` to metrics and params:
 * a number becomes a metric at step 0; a list of numbers a metric series (step = index);
 * a list of `[step, value]` pairs a series with explicit steps; a string or boolean a param
 * (booleans as `True`/`False`); a nested object is flattened with `/` (`{"val": {"f1": 1}}` →
 * `val/f1`); `null` and empty lists are skipped. Anything else is an error naming the key.
 */
export function parseResults(content: unknown, file: string, timestamp = Date.now()): ParsedResults {
  if (typeof content !== "object" || content === null || Array.isArray(content)) {
    throw new InvalidFile(file, 'must hold a JSON object such as {"rmse": 0.1, "loss": [0.9, 0.5]}');
  }
  const metrics: MetricInput[] = [];
  const params: KeyValue[] = [];
  const visit = (object: object, prefix: string): void => {
    for (const [name, value] of Object.entries(object)) {
      const key = prefix + name;
      if (!keyPattern.test(key)) {
        throw new InvalidFile(
          file,
          `key "${key}" may only hold letters, digits, "_", "-", ".", " " and "/"; rename it`,
        );
      }
      if (value === null) continue;
      if (typeof value === "number") metrics.push({ key, value, step: 0, timestamp });
      else if (typeof value === "string" || typeof value === "boolean") {
        params.push({ key, value: formatArgValue(value) });
      } else if (Array.isArray(value)) {
        value.forEach((element: unknown, index) => {
          if (typeof element === "number") metrics.push({ key, value: element, step: index, timestamp });
          else if (isStepPair(element)) metrics.push({ key, value: element[1], step: element[0], timestamp });
          else {
            throw new InvalidFile(
              file,
              `"${key}"[${index}] is ${JSON.stringify(element)}; a list must hold numbers or [step, value] pairs`,
            );
          }
        });
      } else visit(value, `${key}/`);
    }
  };
  visit(content, "");
  return { metrics, params };
}

/** Reads and maps `<outputDir>/results.json`; `undefined` when the file does not exist. */
export async function readResults(outputDir: string): Promise<ParsedResults | undefined> {
  const file = join(outputDir, resultsFileName);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch (error) {
    throw new InvalidFile(file, `is not valid JSON (${(error as Error).message})`);
  }
  return parseResults(content, file);
}

/** Whether a folder holds no entries at all. */
export async function isEmptyFolder(folder: string): Promise<boolean> {
  return (await readdir(folder)).length === 0;
}
