/**
 * The rules every command applies to a GeoJSON annotation file (`iqf sanity`, `iqf stats`), so
 * that they read the same file the same way and warn with the same words.
 */

/** How the coordinates of a GeoJSON file are read. */
export interface GeojsonCrs {
  /** Name as written in the file, or `CRS84` when the file has no `crs` member (RFC 7946). */
  readonly name: string;
  /** EPSG code, when the name gives one. */
  readonly epsg?: number;
  /** `geographic`: longitude/latitude degrees; `projected`: planar units (metres for known codes). */
  readonly kind: "geographic" | "projected";
  /** Set when iqf does not know the CRS: the warning every command gives, naming the file. */
  readonly warning?: string;
}

const GEOGRAPHIC = new Set([4326, 4258, 4269, 4267, 4230, 4283, 4617, 4979]);
const PROJECTED = new Set([3857, 900913, 3395, 3035, 2154, 27700, 28992, 31370, 5070, 3577]);

function isProjectedEpsg(code: number): boolean {
  return (
    PROJECTED.has(code) ||
    (code >= 32601 && code <= 32660) ||
    (code >= 32701 && code <= 32760) ||
    (code >= 25828 && code <= 25838) ||
    (code >= 26901 && code <= 26923)
  );
}

/** Reads the EPSG code out of the usual spellings (`EPSG:32616`, `urn:ogc:def:crs:EPSG::32616`, OGC URLs). */
function epsgOf(name: string): number | undefined {
  const match = /EPSG(?::+|\/\d+(?:\.\d+)*\/|\/0\/)(\d+)$/i.exec(name.trim());
  return match ? Number(match[1]) : undefined;
}

/**
 * Resolves the legacy `crs` member of a GeoJSON FeatureCollection. No member means WGS 84
 * longitude/latitude (RFC 7946); CRS84 and the usual geographic and projected EPSG codes are
 * known. Anything else (an unknown EPSG code, a local name, a malformed member) is read as
 * planar units, with a `warning` naming the file — never an error, the same in every command.
 * @param file - the GeoJSON file, named in the warning.
 * @param crs - the file's `crs` member.
 */
export function resolveGeojsonCrs(file: string, crs: unknown): GeojsonCrs {
  if (crs === undefined || crs === null) return { name: "CRS84", kind: "geographic" };
  const written =
    typeof crs === "object" && (crs as { type?: unknown }).type === "name"
      ? (crs as { properties?: { name?: unknown } }).properties?.name
      : undefined;
  const name = typeof written === "string" ? written : JSON.stringify(crs).slice(0, 200);
  if (/CRS:?84$/i.test(name.trim())) return { name, epsg: 4326, kind: "geographic" };
  const epsg = epsgOf(name);
  if (epsg !== undefined && GEOGRAPHIC.has(epsg)) return { name, epsg, kind: "geographic" };
  if (epsg !== undefined && isProjectedEpsg(epsg)) return { name, epsg, kind: "projected" };
  return {
    name,
    ...(epsg !== undefined && { epsg }),
    kind: "projected",
    warning:
      `${file}: unknown coordinate reference system ${JSON.stringify(name)}; coordinates are read as planar ` +
      `units (areas in square units of the file). Name a known EPSG code (e.g. urn:ogc:def:crs:EPSG::32616) ` +
      `or leave "crs" out for WGS 84 longitude/latitude`,
  };
}

/** The GeoJSON geometry types that are valid but not read as annotations. */
const OTHER_GEOMETRIES = new Set([
  "Point",
  "MultiPoint",
  "LineString",
  "MultiLineString",
  "GeometryCollection",
]);

/** A feature left out because its geometry is not polygonal. */
export interface SkippedGeometry {
  /** Index of the feature in `features`. */
  readonly index: number;
  /** Its geometry type, e.g. `Point`. */
  readonly type: string;
}

/**
 * The features whose geometry is of a type iqf does not read as an annotation (Point,
 * MultiPoint, LineString, MultiLineString, GeometryCollection). A `null` or absent geometry, a
 * type GeoJSON does not define and a feature that is not an object are not included: they are
 * problems, not other shapes.
 * @param features - the file's `features` list.
 */
export function nonPolygonalFeatures(features: readonly unknown[]): SkippedGeometry[] {
  const skipped: SkippedGeometry[] = [];
  features.forEach((feature, index) => {
    const type = (feature as { geometry?: { type?: unknown } | null } | null)?.geometry?.type;
    if (typeof type === "string" && OTHER_GEOMETRIES.has(type)) skipped.push({ index, type });
  });
  return skipped;
}

/**
 * The warning every command gives for features skipped by {@link nonPolygonalFeatures}, or
 * `undefined` when there are none: how many, of which types, and the first ones.
 * @param file - the GeoJSON file.
 * @param skipped - the skipped features.
 */
export function skippedGeometriesWarning(
  file: string,
  skipped: readonly SkippedGeometry[],
): string | undefined {
  if (skipped.length === 0) return undefined;
  const counts = new Map<string, number>();
  for (const { type } of skipped) counts.set(type, (counts.get(type) ?? 0) + 1);
  const types = [...counts].map(([type, count]) => `${count} ${type}`).join(", ");
  const first = skipped
    .slice(0, 3)
    .map(({ index }) => `features[${index}]`)
    .join(", ");
  const noun = skipped.length === 1 ? "feature is" : "features are";
  return `${file}: ${skipped.length} ${noun} not a Polygon or MultiPolygon and ${skipped.length === 1 ? "was" : "were"} skipped (${types}; ${first}${skipped.length > 3 ? ", …" : ""})`;
}
