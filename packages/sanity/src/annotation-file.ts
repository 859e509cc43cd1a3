import { readFile, stat } from "node:fs/promises";
import { AnnotationsNotFound, InvalidFile } from "@iqf/core";
import { AnnotationsTooLarge, UnrecognisedAnnotations } from "./errors.js";

/** A parsed annotation file and its recognised format. */
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

/** Decides whether parsed JSON is COCO or GeoJSON, or throws {@link UnrecognisedAnnotations}. */
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
 * Reads and parses an annotation file, refusing files over `maxBytes` before reading them.
 * Throws `AnnotationsNotFound`, {@link AnnotationsTooLarge}, `InvalidFile` (not JSON) or
 * {@link UnrecognisedAnnotations}, each naming the file.
 */
export async function readAnnotationFile(file: string, maxBytes: number): Promise<AnnotationDocument> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new AnnotationsNotFound(file, "the annotation file does not exist");
  if (info.size > maxBytes) throw new AnnotationsTooLarge(file, info.size, maxBytes);
  if (info.size === 0) throw new InvalidFile(file, "the annotation file is empty; expected COCO or GeoJSON");
  const raw = await readFile(file, "utf8");
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidFile(file, `not valid JSON (${(error as Error).message}); expected COCO or GeoJSON`, {
      cause: error,
    });
  }
  return recogniseAnnotations(file, value);
}
