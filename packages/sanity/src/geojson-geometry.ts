import { countOf, type GeojsonCrs } from "@iqf/core";
import type { Finding } from "./finding.js";
import { polygonsArea } from "./geo-area.js";
import type { OpenRing, Point } from "./geometry/primitives.js";
import { repairPolygons } from "./geometry/repair.js";
import { type CleanPolygon, findInvalidity } from "./geometry/validity.js";

/** Result of checking one feature geometry: problems and the geometry to keep (`undefined` = remove the feature). */
export interface GeometryCheck {
  /** Problems, in check order. */
  readonly findings: Finding[];
  /** Geometry to write (the original object when nothing changed). */
  readonly kept?: unknown;
}

class MalformedCoordinates extends Error {}

function readPosition(value: unknown, crs: GeojsonCrs): Point {
  if (!Array.isArray(value) || value.length < 2) throw new MalformedCoordinates("a position is not [x, y]");
  const [x, y] = value as unknown[];
  if (typeof x !== "number" || typeof y !== "number" || !Number.isFinite(x) || !Number.isFinite(y)) {
    throw new MalformedCoordinates(`position ${JSON.stringify(value)} is not two finite numbers`);
  }
  if (crs.kind === "geographic" && (Math.abs(x) > 180 || Math.abs(y) > 90)) {
    throw new MalformedCoordinates(
      `position [${x}, ${y}] is not a longitude/latitude (the file's CRS is ${crs.name})`,
    );
  }
  return [x, y];
}

/** Drops the closing point and consecutive repeats, giving an implicitly closed ring. */
function openRing(points: readonly Point[]): Point[] {
  const ring: Point[] = [];
  for (const p of points) {
    const last = ring[ring.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) ring.push(p);
  }
  while (
    ring.length > 1 &&
    ring[0]![0] === ring[ring.length - 1]![0] &&
    ring[0]![1] === ring[ring.length - 1]![1]
  )
    ring.pop();
  return ring;
}

function readPolygon(
  value: unknown,
  crs: GeojsonCrs,
  where: string,
  findings: Finding[],
): CleanPolygon | undefined {
  if (!Array.isArray(value)) throw new MalformedCoordinates(`${where} is not a list of rings`);
  const rings: OpenRing[] = [];
  for (const [r, ringValue] of value.entries()) {
    if (!Array.isArray(ringValue))
      throw new MalformedCoordinates(`${where} ring ${r} is not a list of positions`);
    const points = ringValue.map((p) => readPosition(p, crs));
    const name = `${where} ${r === 0 ? "shell" : `hole ${r}`}`;
    const first = points[0];
    const last = points[points.length - 1];
    if (first && last && (first[0] !== last[0] || first[1] !== last[1])) {
      findings.push({
        code: "RING_NOT_CLOSED",
        message: `${name} does not end at its first point`,
        action: "close-ring",
      });
    }
    const ring = openRing(points);
    if (ring.length < 3) {
      findings.push({
        code: "RING_TOO_FEW_POINTS",
        message: `${name} has ${countOf(ring.length, "distinct point")}`,
        action: "drop-ring",
        detail: r === 0 ? `${where} dropped` : `${name} dropped`,
      });
      if (r === 0) return undefined;
      continue;
    }
    rings.push(ring);
  }
  return rings.length > 0 ? rings : undefined;
}

function closed(ring: readonly Point[]): number[][] {
  return [...ring, ring[0]!].map((p) => [p[0], p[1]]);
}

/** A GeoJSON Polygon or MultiPolygon (closed rings) for polygons given as open rings. */
export function toGeoJsonGeometry(polygons: readonly (readonly OpenRing[])[]): Record<string, unknown> {
  if (polygons.length === 1) return { type: "Polygon", coordinates: polygons[0]!.map(closed) };
  return { type: "MultiPolygon", coordinates: polygons.map((polygon) => polygon.map(closed)) };
}

function readPolygons(
  geometry: Record<string, unknown>,
  crs: GeojsonCrs,
  findings: Finding[],
): CleanPolygon[] {
  const coordinates = geometry.coordinates;
  const parts = geometry.type === "Polygon" ? [coordinates] : (coordinates as unknown[]);
  const polygons: CleanPolygon[] = [];
  parts.forEach((part, i) => {
    const polygon = readPolygon(
      part,
      crs,
      geometry.type === "Polygon" ? "polygon" : `polygon ${i}`,
      findings,
    );
    if (polygon) polygons.push(polygon);
  });
  return polygons;
}

const round = (v: number) => Number(v.toPrecision(10));

/**
 * Checks one feature geometry: null, empty, unsupported type, malformed or non-finite coordinates
 * (and longitude/latitude range for geographic CRSs), unclosed rings, rings with fewer than three
 * points, and OGC validity. Invalid polygons are repaired with {@link repairPolygons}, which keeps
 * every enclosed area (a bow-tie becomes its two triangles); only geometries with nothing left
 * are removed.
 */
export function checkFeatureGeometry(geometry: unknown, crs: GeojsonCrs): GeometryCheck {
  if (geometry === null || geometry === undefined) {
    return {
      findings: [{ code: "GEOMETRY_NULL", message: "the feature has no geometry", action: "remove-feature" }],
    };
  }
  const record = geometry as Record<string, unknown>;
  if (typeof geometry !== "object" || (record.type !== "Polygon" && record.type !== "MultiPolygon")) {
    return {
      findings: [
        {
          code: "GEOMETRY_TYPE_UNSUPPORTED",
          message: `geometry type ${JSON.stringify(record.type)} is not Polygon or MultiPolygon`,
          action: "remove-feature",
        },
      ],
    };
  }
  if (!Array.isArray(record.coordinates)) {
    return {
      findings: [
        {
          code: "GEOMETRY_COORDINATES_INVALID",
          message: "coordinates are not a list",
          action: "remove-feature",
        },
      ],
    };
  }
  if (record.coordinates.length === 0) {
    return {
      findings: [
        {
          code: "GEOMETRY_EMPTY",
          message: `the ${record.type} has no coordinates`,
          action: "remove-feature",
        },
      ],
    };
  }
  const findings: Finding[] = [];
  let polygons: CleanPolygon[];
  try {
    polygons = readPolygons(record, crs, findings);
  } catch (error) {
    if (!(error instanceof MalformedCoordinates)) throw error;
    return {
      findings: [{ code: "GEOMETRY_COORDINATES_INVALID", message: error.message, action: "remove-feature" }],
    };
  }
  if (polygons.length === 0) {
    return {
      findings: findings.map((f) =>
        f.action === "drop-ring"
          ? { ...f, action: "remove-feature" as const, detail: "no polygon is left" }
          : f,
      ),
    };
  }
  const invalidity = findInvalidity(polygons);
  if (!invalidity) return { findings, kept: findings.length > 0 ? toGeoJsonGeometry(polygons) : geometry };
  const repaired = repairPolygons(polygons);
  const at = invalidity.at ? ` at (${invalidity.at[0]}, ${invalidity.at[1]})` : "";
  const message = `invalid polygon: ${invalidity.kind}${at}`;
  if (repaired.length === 0) {
    findings.push({
      code: "GEOMETRY_INVALID",
      message,
      action: "remove-feature",
      detail: "nothing with a non-zero area is left",
    });
    return { findings };
  }
  const before = polygonsArea(polygons, crs);
  const after = polygonsArea(repaired, crs);
  findings.push({
    code: "GEOMETRY_INVALID",
    message,
    action: "repair-geometry",
    detail: `${repaired.length === 1 ? "Polygon" : `MultiPolygon of ${repaired.length}`}; signed-ring area ${round(before)} → ${round(after)} m²`,
  });
  return { findings, kept: toGeoJsonGeometry(repaired) };
}
