import { readFile, stat } from "node:fs/promises";
import { assertNoStringCocoIds } from "./coco-ids.js";
import { AnnotationsNotFound, AnnotationsTooLarge, InvalidFile, UnrecognisedAnnotations } from "./errors.js";
import { parseJsonFile, withoutByteOrderMark } from "./json-file.js";

/** Largest annotation file read by default (256 MiB); `JSON.parse` needs several times that in memory. */
export const DEFAULT_MAX_ANNOTATION_BYTES = 256 * 1024 * 1024;

/** A parsed annotation file and its recognised format; the content is not validated further. */
export type AnnotationDocument =
  | { readonly format: "coco"; readonly file: string; readonly data: Record<string, unknown> }
  | { readonly format: "geojson"; readonly file: string; readonly data: Record<string, unknown> };

function describe(value: unknown): string {
  if (Array.isArray(value)) return "a JSON array";
  if (value === null) return "null";
  if (typeof value !== "object") return `a JSON ${typeof value}`;
  const keys = Object.keys(value);
  return keys.length === 0 ? "an empty object" : `an object with keys ${keys.slice(0, 6).join(", ")}`;
}

/**
 * Decides whether parsed JSON is COCO (an object with `images` and `annotations` lists) or a
 * GeoJSON FeatureCollection.
 * @throws UnrecognisedAnnotations for anything else; InvalidFile for a FeatureCollection without a `features` list.
 */
export function recogniseAnnotations(file: string, value: unknown): AnnotationDocument {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const data = value as Record<string, unknown>;
    if (data.type === "FeatureCollection") {
      if (!Array.isArray(data.features))
        throw new InvalidFile(file, `"features" must be a list of GeoJSON features`);
      return { format: "geojson", file, data };
    }
    if (typeof data.type === "string") {
      throw new UnrecognisedAnnotations(
        file,
        `GeoJSON of type "${data.type}" instead of a FeatureCollection`,
      );
    }
    if (Array.isArray(data.images) && Array.isArray(data.annotations)) return { format: "coco", file, data };
  }
  throw new UnrecognisedAnnotations(file, `found ${describe(value)}`);
}

/**
 * Whether an annotation file holds nothing (0 bytes, or only white space and a byte-order mark),
 * like iquaflow's own `ds_inria_dataset/annotations.json`. Such a dataset is image-only: commands
 * treat the file as "no annotations" and say so in a warning.
 * @param file - the annotation file.
 */
export async function isBlankAnnotationFile(file: string): Promise<boolean> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile() || info.size > 4096) return false;
  return withoutByteOrderMark(await readFile(file, "utf8")).trim() === "";
}

/** The warning given when a blank annotation file is treated as "no annotations". */
export function blankAnnotationWarning(file: string): string {
  return `${file} is empty; the dataset is treated as image-only (no annotations)`;
}

/** Options of {@link readAnnotationFile}. */
export interface ReadAnnotationOptions {
  /** Files larger than this many bytes are refused before they are read (default {@link DEFAULT_MAX_ANNOTATION_BYTES}). */
  readonly maxBytes?: number;
}

/**
 * Reads and parses a COCO or GeoJSON annotation file (a UTF-8 byte-order mark is skipped) and
 * recognises its format with {@link recogniseAnnotations}. Every failure names the file:
 * `AnnotationsNotFound` (missing), {@link AnnotationsTooLarge} (over `maxBytes`, refused before it
 * is read), `InvalidFile` (empty or not JSON, or COCO with string ids — `assertNoStringCocoIds`)
 * or {@link UnrecognisedAnnotations}.
 */
export async function readAnnotationFile(
  file: string,
  options: ReadAnnotationOptions = {},
): Promise<AnnotationDocument> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_ANNOTATION_BYTES;
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new AnnotationsNotFound(file, "the annotation file does not exist");
  if (info.size > maxBytes) throw new AnnotationsTooLarge(file, info.size, maxBytes);
  const value = parseJsonFile(await readFile(file, "utf8"), file, {
    expected: "annotations must be COCO JSON or GeoJSON",
  });
  const document = recogniseAnnotations(file, value);
  if (document.format === "coco") assertNoStringCocoIds(file, document.data);
  return document;
}
