import {
  assertNoStringCocoIds,
  describeZodIssues,
  InvalidFile,
  parseJsonFile,
  readJsonFile,
  readTextFile,
} from "@iqf/core";
import type * as z from "zod";
import {
  type CocoDetectionJson,
  type CocoGroundTruthJson,
  isCocoGroundTruth,
  isCocoResults,
} from "./json-shapes.js";
import { readResultsColumns } from "./results-reader.js";
import {
  buildDetectionTable,
  buildGroundTruthTable,
  type DetectionTable,
  detectionColumnsOf,
  type GroundTruthTable,
} from "./tables.js";

/** Name used in messages for ground truth passed as an object instead of a path. */
const GROUND_TRUTH_OBJECT = "<ground-truth object>";

/** Name used in messages for detections passed as a list instead of a path. */
const RESULTS_LIST = "<results list>";

/**
 * Checks `data` with a hand-written guard that accepts only what the schema accepts unchanged;
 * only data the guard rejects goes through the schema (loaded then, with zod), which names
 * every problem.
 */
async function validate<V>(
  schemaOf: (schemas: typeof import("./schema.js")) => z.ZodType<V>,
  isValid: (data: unknown) => data is V,
  data: unknown,
  source: string,
): Promise<V> {
  if (isValid(data)) return data;
  const parsed = schemaOf(await import("./schema.js")).safeParse(data);
  if (!parsed.success) throw new InvalidFile(source, describeZodIssues(parsed.error.issues));
  return parsed.data;
}

/**
 * Reads and validates COCO ground truth (a path to a JSON file, or the parsed object).
 *
 * @throws InvalidFile naming the file, the JSON path and the problem.
 */
export async function loadGroundTruth(source: string | CocoGroundTruthJson): Promise<GroundTruthTable> {
  const name = typeof source === "string" ? source : GROUND_TRUTH_OBJECT;
  const data = typeof source === "string" ? await readJsonFile(source) : source;
  if (data !== null && typeof data === "object" && !Array.isArray(data))
    assertNoStringCocoIds(name, data as Record<string, unknown>);
  return buildGroundTruthTable(
    await validate((s) => s.cocoGroundTruthSchema, isCocoGroundTruth, data, name),
    name,
  );
}

/**
 * Reads and validates a COCO results list (a path to a JSON file, or the parsed array) against
 * already loaded ground truth. A plain, valid results file is read straight into columns
 * (`readResultsColumns`); anything else goes through `JSON.parse` and the zod schema, which name
 * the problem.
 *
 * @throws InvalidFile naming the file, the JSON path and the problem (including detections on
 *   images the ground truth does not have).
 */
export async function loadDetections(
  source: string | readonly CocoDetectionJson[],
  groundTruth: GroundTruthTable,
): Promise<DetectionTable> {
  if (typeof source !== "string") {
    return buildDetectionTable(
      detectionColumnsOf(await validate((s) => s.cocoResultsSchema, isCocoResults, source, RESULTS_LIST)),
      RESULTS_LIST,
      groundTruth,
    );
  }
  const text = await readTextFile(source);
  const columns =
    readResultsColumns(text) ??
    detectionColumnsOf(
      await validate((s) => s.cocoResultsSchema, isCocoResults, parseJsonFile(text, source), source),
    );
  return buildDetectionTable(columns, source, groundTruth);
}
