import { readFile } from "node:fs/promises";
import { InvalidFile } from "@iqf/core";
import type * as z from "zod";
import {
  type CocoDetectionJson,
  type CocoGroundTruthJson,
  cocoGroundTruthSchema,
  cocoResultsSchema,
  describeIssues,
} from "./schema.js";
import {
  buildDetectionTable,
  buildGroundTruthTable,
  type DetectionTable,
  type GroundTruthTable,
} from "./tables.js";

/** Name used in messages for ground truth passed as an object instead of a path. */
const GROUND_TRUTH_OBJECT = "<ground-truth object>";

/** Name used in messages for detections passed as a list instead of a path. */
const RESULTS_LIST = "<results list>";

async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "the file does not exist" : `cannot be read (${String(error)})`;
    throw new InvalidFile(path, why, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidFile(path, `is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function validate<T extends z.ZodType>(schema: T, data: unknown, source: string): z.output<T> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new InvalidFile(source, describeIssues(parsed.error.issues));
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
  return buildGroundTruthTable(validate(cocoGroundTruthSchema, data, name), name);
}

/**
 * Reads and validates a COCO results list (a path to a JSON file, or the parsed array) against
 * already loaded ground truth.
 *
 * @throws InvalidFile naming the file, the JSON path and the problem (including detections on
 *   images the ground truth does not have).
 */
export async function loadDetections(
  source: string | readonly CocoDetectionJson[],
  groundTruth: GroundTruthTable,
): Promise<DetectionTable> {
  const name = typeof source === "string" ? source : RESULTS_LIST;
  const data = typeof source === "string" ? await readJsonFile(source) : source;
  return buildDetectionTable(validate(cocoResultsSchema, data, name), name, groundTruth);
}
