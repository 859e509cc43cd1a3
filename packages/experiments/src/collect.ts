import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { InvalidFile, parseJsonFile } from "@iqf/core";
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
  /** Entries that could not be logged and were left out, each with the reason and the fix. */
  readonly dropped: string[];
}

function isStepPair(value: unknown): value is [number, number] {
  return Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === "number");
}

/**
 * Maps the parsed content of a `results.json` to metrics and params:
 * a number becomes a metric at step 0 (NaN and ±Infinity included, as MLflow stores them); a list
 * of numbers a metric series (step = index); a list of `[step, value]` pairs a series with
 * explicit steps; a string or boolean a param (booleans as `True`/`False`); a nested object is
 * flattened with `/` (`{"val": {"f1": 1}}` → `val/f1`); `null` and empty lists are skipped. An
 * entry that cannot be logged (a key MLflow refuses, a list of other things) is left out and
 * described in `dropped`; the other entries are kept. Content that is not an object is an error.
 */
export function parseResults(content: unknown, file: string, timestamp = Date.now()): ParsedResults {
  if (typeof content !== "object" || content === null || Array.isArray(content)) {
    throw new InvalidFile(file, 'must hold a JSON object such as {"rmse": 0.1, "loss": [0.9, 0.5]}');
  }
  const metrics: MetricInput[] = [];
  const params: KeyValue[] = [];
  const dropped: string[] = [];
  const visit = (object: object, prefix: string): void => {
    for (const [name, value] of Object.entries(object)) {
      const key = prefix + name;
      if (!keyPattern.test(key)) {
        dropped.push(`"${key}": a key may only hold letters, digits, "_", "-", ".", " " and "/"; rename it`);
        continue;
      }
      if (value === null) continue;
      if (typeof value === "number") metrics.push({ key, value, step: 0, timestamp });
      else if (typeof value === "string" || typeof value === "boolean") {
        params.push({ key, value: formatArgValue(value) });
      } else if (Array.isArray(value)) {
        const bad = value.findIndex(
          (element: unknown) => typeof element !== "number" && !isStepPair(element),
        );
        if (bad >= 0) {
          dropped.push(
            `"${key}"[${bad}] is ${JSON.stringify(value[bad])}; a list must hold numbers or [step, value] pairs`,
          );
          continue;
        }
        value.forEach((element: number | [number, number], index) => {
          if (typeof element === "number") metrics.push({ key, value: element, step: index, timestamp });
          else metrics.push({ key, value: element[1], step: element[0], timestamp });
        });
      } else visit(value, `${key}/`);
    }
  };
  visit(content, "");
  return { metrics, params, dropped };
}

/** Marker strings standing for Python's non-finite number literals while the text is parsed. */
const nonFinite: Readonly<Record<string, number>> = {
  "\u0000NaN": Number.NaN,
  "\u0000Infinity": Number.POSITIVE_INFINITY,
  "\u0000-Infinity": Number.NEGATIVE_INFINITY,
};

/**
 * Parses a JSON file's text that may hold `NaN`, `Infinity` and `-Infinity` as bare values (what
 * Python's `json.dump` writes for a diverged loss) into the matching numbers.
 * @param text - the JSON text.
 * @param file - the file's path, named in the error.
 * @throws InvalidFile naming the file when the text is not JSON.
 */
export function parseJsonWithNonFinite(text: string, file: string): unknown {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (inString) {
      out += char;
      if (char === "\\") out += text[++i] ?? "";
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    const word = /^(?:-?Infinity|NaN)/.exec(text.slice(i, i + 9))?.[0];
    if (word !== undefined) {
      out += JSON.stringify(`\u0000${word}`);
      i += word.length - 1;
    } else out += char;
  }
  return parseJsonFile(out, file, {
    reviver: (_key, value: unknown) =>
      typeof value === "string" && Object.hasOwn(nonFinite, value) ? nonFinite[value] : value,
  });
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
  return parseResults(parseJsonWithNonFinite(text, file), file);
}

/** Whether a folder holds no entries at all. */
export async function isEmptyFolder(folder: string): Promise<boolean> {
  return (await readdir(folder)).length === 0;
}
