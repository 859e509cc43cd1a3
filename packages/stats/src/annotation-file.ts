import {
  type CocoFile,
  cocoDatasetAnnotationSchema,
  cocoDatasetSchema,
  isCocoDatasetAnnotation,
} from "@iqf/coco";
import { describeZodIssues, InvalidFile, type ReadAnnotationOptions, readAnnotationFile } from "@iqf/core";
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

/** The coordinate reference system of a GeoJSON file. */
export interface GeojsonCrs {
  /** `EPSG:<code>`, or `OGC:CRS84` for longitude/latitude (RFC 7946's default). */
  readonly id: string;
  /** Whether coordinates are angles (areas then come out in square degrees, as in iquaflow). */
  readonly geographic: boolean;
}

/** A parsed, validated annotation file. */
export type AnnotationFile =
  | { readonly kind: "coco"; readonly path: string; readonly data: CocoFile }
  | { readonly kind: "geojson"; readonly path: string; readonly data: GeojsonFile; readonly crs: GeojsonCrs };

const EPSG_PATTERNS = [
  /^urn:ogc:def:crs:EPSG:[0-9.]*:(\d+)$/i,
  /^EPSG:(\d+)$/i,
  /^https?:\/\/www\.opengis\.net\/def\/crs\/EPSG\/[0-9.]+\/(\d+)$/i,
];
const CRS84_PATTERNS = [
  /^urn:ogc:def:crs:OGC:[0-9.]*:CRS84$/i,
  /^https?:\/\/www\.opengis\.net\/def\/crs\/OGC\/[0-9.]+\/CRS84$/i,
];
const GEOGRAPHIC_EPSG = new Set([4326, 4258, 4269, 4267, 4230, 4283, 4617, 4979]);

/** Reads the legacy `crs` member (absent → RFC 7946's longitude/latitude). Throws on anything else. */
export function parseGeojsonCrs(path: string, crs: unknown): GeojsonCrs {
  if (crs === undefined || crs === null) return { id: "OGC:CRS84", geographic: true };
  const name =
    typeof crs === "object" &&
    (crs as { type?: unknown }).type === "name" &&
    typeof (crs as { properties?: { name?: unknown } }).properties?.name === "string"
      ? (crs as { properties: { name: string } }).properties.name
      : undefined;
  if (name !== undefined) {
    if (CRS84_PATTERNS.some((pattern) => pattern.test(name))) return { id: "OGC:CRS84", geographic: true };
    for (const pattern of EPSG_PATTERNS) {
      const match = pattern.exec(name);
      if (match) {
        const code = Number(match[1]);
        return { id: `EPSG:${code}`, geographic: GEOGRAPHIC_EPSG.has(code) };
      }
    }
  }
  throw new InvalidFile(
    path,
    `unknown CRS ${JSON.stringify(crs).slice(0, 200)}: the "crs" member must name an EPSG code, e.g. ` +
      `{"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32616"}}, or be left out for WGS 84 longitude/latitude`,
  );
}

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
 * the JSON path of a field of the wrong type, or an unknown CRS.
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
  return { kind: "geojson", path, data: geojson, crs: parseGeojsonCrs(path, geojson.crs) };
}
