import {
  type CocoFile,
  cocoDatasetAnnotationSchema,
  cocoDatasetSchema,
  isCocoDatasetAnnotation,
} from "@iqf/coco";
import {
  describeZodIssues,
  type GeojsonCrs,
  InvalidFile,
  nonPolygonalFeatures,
  type ReadAnnotationOptions,
  readAnnotationFile,
  resolveGeojsonCrs,
  skippedGeometriesWarning,
} from "@iqf/core";
import { z } from "zod";

/** A ring as GeoJSON writes it: positions `[x, y, …]`. */
export type LinearRing = number[][];

// Polygon coordinates are checked by `checkCoordinates` (one tight loop instead of a schema
// walk per position, which dominates on files with hundreds of thousands of vertices).
const geometrySchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("Polygon"),
    coordinates: z.array(z.custom<LinearRing>(Array.isArray, "expected an array")),
  }),
  z.object({
    type: z.literal("MultiPolygon"),
    coordinates: z.array(z.array(z.custom<LinearRing>(Array.isArray, "expected an array"))),
  }),
  z.object({ type: z.literal("Point"), coordinates: z.unknown() }),
  z.object({ type: z.literal("MultiPoint"), coordinates: z.unknown() }),
  z.object({ type: z.literal("LineString"), coordinates: z.unknown() }),
  z.object({ type: z.literal("MultiLineString"), coordinates: z.unknown() }),
  z.object({ type: z.literal("GeometryCollection"), geometries: z.unknown() }),
]);

const geojsonSchema = z.looseObject({
  type: z.literal("FeatureCollection"),
  crs: z.unknown().optional(),
  features: z.array(
    z.looseObject({
      type: z.literal("Feature"),
      geometry: geometrySchema.nullable(),
      properties: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
});

/** A GeoJSON geometry; only polygons are measured. */
export type GeojsonGeometry =
  | { type: "Polygon"; coordinates: LinearRing[] }
  | { type: "MultiPolygon"; coordinates: LinearRing[][] }
  | { type: "Point" | "MultiPoint" | "LineString" | "MultiLineString"; coordinates: unknown }
  | { type: "GeometryCollection"; geometries: unknown };

/** One GeoJSON feature (extra fields kept). */
export interface GeojsonFeature {
  /** Always `Feature`. */
  type: "Feature";
  /** The geometry, or null. */
  geometry: GeojsonGeometry | null;
  /** Properties, e.g. `image_filename` and `class_id`. */
  properties: Record<string, unknown> | null;
  /** Any other member. */
  [member: string]: unknown;
}

/** A GeoJSON FeatureCollection, validated (extra fields kept). */
export interface GeojsonFile {
  /** Always `FeatureCollection`. */
  type: "FeatureCollection";
  /** Legacy CRS member (GeoJSON 2008), e.g. `{"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32616"}}`. */
  crs?: unknown;
  /** The features. */
  features: GeojsonFeature[];
  /** Any other member. */
  [member: string]: unknown;
}

/** A parsed, validated annotation file. */
export type AnnotationFile =
  | { readonly kind: "coco"; readonly path: string; readonly data: CocoFile }
  | {
      readonly kind: "geojson";
      readonly path: string;
      /** The FeatureCollection without the features whose geometry is not polygonal. */
      readonly data: GeojsonFile;
      readonly crs: GeojsonCrs;
      /** An unknown CRS and skipped non-polygon features, in the words every command uses. */
      readonly warnings: readonly string[];
    };

/** Checks that every ring is an array of positions of at least two finite numbers; returns the first fault. */
function checkRings(rings: readonly LinearRing[], where: string): string | undefined {
  for (let r = 0; r < rings.length; r++) {
    const ring = rings[r]!;
    for (let p = 0; p < ring.length; p++) {
      const position = ring[p];
      if (
        !Array.isArray(position) ||
        position.length < 2 ||
        typeof position[0] !== "number" ||
        typeof position[1] !== "number" ||
        !Number.isFinite(position[0]) ||
        !Number.isFinite(position[1])
      ) {
        return `${where}[${r}][${p}]: expected a position [x, y] of finite numbers, got ${JSON.stringify(position)?.slice(0, 80)}`;
      }
    }
  }
  return undefined;
}

/** Checks the coordinates of every Polygon and MultiPolygon feature, or throws `InvalidFile` naming the first bad one. */
function checkCoordinates(path: string, geojson: GeojsonFile): void {
  geojson.features.forEach((feature, index) => {
    const geometry = feature.geometry;
    const where = `features[${index}].geometry.coordinates`;
    let fault: string | undefined;
    if (geometry?.type === "Polygon") fault = checkRings(geometry.coordinates, where);
    else if (geometry?.type === "MultiPolygon") {
      for (let k = 0; k < geometry.coordinates.length && fault === undefined; k++) {
        fault = checkRings(geometry.coordinates[k]!, `${where}[${k}]`);
      }
    }
    if (fault !== undefined) throw new InvalidFile(path, `not a valid GeoJSON FeatureCollection: ${fault}`);
  });
}

/**
 * Reads an annotation file with `readAnnotationFile` of `@iqf/core` (size limit, JSON, COCO or
 * GeoJSON) and validates it for statistics. Every failure names the file: an `InvalidFile` gives
 * the JSON path of a field of the wrong type. GeoJSON follows the rules of `@iqf/core` shared with
 * `iqf sanity`: an unknown CRS is read as planar units and features that are not polygons are
 * left out, each with a warning.
 */
export async function loadAnnotationFile(
  path: string,
  options: ReadAnnotationOptions = {},
): Promise<AnnotationFile> {
  const document = await readAnnotationFile(path, options);
  if (document.format === "coco") {
    const parsed = cocoDatasetSchema.safeParse(document.data);
    if (!parsed.success)
      throw new InvalidFile(path, `not a valid COCO file: ${describeZodIssues(parsed.error.issues)}`);
    const annotations = parsed.data.annotations;
    for (let index = 0; index < annotations.length; index++) {
      if (isCocoDatasetAnnotation(annotations[index])) continue;
      const issues = cocoDatasetAnnotationSchema.safeParse(annotations[index]).error?.issues ?? [];
      throw new InvalidFile(
        path,
        `not a valid COCO file: ${describeZodIssues(issues, ["annotations", index])}`,
      );
    }
    return { kind: "coco", path, data: parsed.data as unknown as CocoFile };
  }
  const parsed = geojsonSchema.safeParse(document.data);
  if (!parsed.success) {
    throw new InvalidFile(
      path,
      `not a valid GeoJSON FeatureCollection: ${describeZodIssues(parsed.error.issues)}`,
    );
  }
  const geojson = parsed.data as GeojsonFile;
  checkCoordinates(path, geojson);
  const crs = resolveGeojsonCrs(path, geojson.crs);
  const skipped = nonPolygonalFeatures(geojson.features);
  const skippedIndexes = new Set(skipped.map(({ index }) => index));
  const warnings = [crs.warning, skippedGeometriesWarning(path, skipped)].filter(
    (text): text is string => text !== undefined,
  );
  const features = geojson.features.filter((_feature, index) => !skippedIndexes.has(index));
  return { kind: "geojson", path, data: { ...geojson, features }, crs, warnings };
}
