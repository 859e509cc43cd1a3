import { readFile } from "node:fs/promises";
import { InvalidFile } from "./errors.js";

/**
 * The text without a leading UTF-8 byte-order mark (which Windows editors write and `JSON.parse`
 * refuses). Every user file iqf parses as JSON or YAML goes through this function.
 * @param text - the file's text.
 */
export function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Options of {@link parseJsonFile} and {@link readJsonFile}. */
export interface JsonFileOptions {
  /** What the file should hold, appended to the "not valid JSON" error (e.g. "annotations must be COCO JSON or GeoJSON"). */
  readonly expected?: string;
  /** A `JSON.parse` reviver. */
  readonly reviver?: (key: string, value: unknown) => unknown;
}

/**
 * Parses the text of a user's JSON file, skipping a UTF-8 byte-order mark.
 * @param text - the file's text.
 * @param file - the file's path, named in the error.
 * @param options - what the file should hold (for the error) and a reviver.
 * @throws InvalidFile naming the file when the text is not JSON.
 */
export function parseJsonFile(text: string, file: string, options: JsonFileOptions = {}): unknown {
  try {
    return JSON.parse(withoutByteOrderMark(text), options.reviver);
  } catch (error) {
    const detail = withoutByteOrderMark(text).trim() === "" ? "the file is empty" : (error as Error).message;
    const expected = options.expected === undefined ? "" : `; ${options.expected}`;
    throw new InvalidFile(file, `is not valid JSON (${detail})${expected}`, { cause: error });
  }
}

/**
 * Reads a user's text file as UTF-8 without its byte-order mark.
 * @param file - the file's path.
 * @throws InvalidFile naming the file when it is missing or unreadable.
 */
export async function readTextFile(file: string): Promise<string> {
  try {
    // Decoding the whole buffer at once gives one flat string, which parsers index fastest.
    return withoutByteOrderMark((await readFile(file)).toString("utf8"));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "the file does not exist" : `cannot be read (${String(error)})`;
    throw new InvalidFile(file, why, { cause: error });
  }
}

/**
 * Reads and parses a user's JSON file (a UTF-8 byte-order mark is skipped).
 * @param file - the file's path.
 * @param options - what the file should hold (for the error) and a reviver.
 * @throws InvalidFile naming the file when it is missing, unreadable or not JSON.
 */
export async function readJsonFile(file: string, options: JsonFileOptions = {}): Promise<unknown> {
  return parseJsonFile(await readTextFile(file), file, options);
}
