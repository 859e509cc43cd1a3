import type { GeojsonFeature, GeojsonFile } from "./annotation-file.js";
import {
  bounds,
  boxRing,
  compactness,
  minimumRotatedRectangle,
  type PolygonRings,
  polygonArea,
  polygonLength,
  polygonsCentroid,
  type Ring,
  rectangleStats,
  ringSignedArea,
} from "./geometry.js";
import { type BasicStats, basicStats } from "./numeric.js";
import { GEOJSON_STATS_KEYS, type GeojsonStatsKey } from "./stats-types.js";

/** Per-feature measurements of a GeoJSON file: one `Float64Array` per column, NaN for "no value". */
export type GeojsonColumns = Record<GeojsonStatsKey, Float64Array>;

/** Converts GeoJSON rings to closed flat rings (an unclosed ring is closed). */
function toRings(rings: readonly (readonly (readonly number[])[])[]): PolygonRings {
  const result: Ring[] = [];
  for (const ring of rings) {
    if (ring.length === 0) continue;
    const first = ring[0]!;
    const last = ring[ring.length - 1]!;
    const closed = first[0] === last[0] && first[1] === last[1];
    const flat = new Float64Array(2 * (ring.length + (closed ? 0 : 1)));
    ring.forEach((position, index) => {
      flat[2 * index] = position[0]!;
      flat[2 * index + 1] = position[1]!;
    });
    if (!closed) {
      flat[flat.length - 2] = first[0]!;
      flat[flat.length - 1] = first[1]!;
    }
    result.push(flat);
  }
  return result;
}

/**
 * The polygons of a feature's geometry: a Polygon gives one, a MultiPolygon several; null,
 * empty and non-areal geometries (points, lines) give none.
 */
export function featurePolygons(feature: GeojsonFeature): PolygonRings[] {
  const geometry = feature.geometry;
  if (geometry === null) return [];
  if (geometry.type === "Polygon") {
    const rings = toRings(geometry.coordinates);
    return rings.length > 0 ? [rings] : [];
  }
  if (geometry.type === "MultiPolygon") {
    return geometry.coordinates.map(toRings).filter((rings) => rings.length > 0);
  }
  return [];
}

/** All coordinates of some polygons, flat. */
function allCoordinates(polygons: readonly PolygonRings[]): Float64Array {
  let length = 0;
  for (const polygon of polygons) for (const ring of polygon) length += ring.length;
  const flat = new Float64Array(length);
  let offset = 0;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      flat.set(ring, offset);
      offset += ring.length;
    }
  }
  return flat;
}

/**
 * Measures every feature in one pass: area, rotated minimum rectangle (area, length, width,
 * angle), bounding box (area, height, width, angle), compactness and centroid, with shapely
 * 1.8 / GEOS arithmetic. Features without an areal geometry get NaN (iquaflow crashes on null
 * geometries in compactness; a degenerate minimum rectangle gives NaN instead of a crash).
 */
export function geojsonColumns(geojson: GeojsonFile): GeojsonColumns {
  const n = geojson.features.length;
  const columns = Object.fromEntries(
    GEOJSON_STATS_KEYS.map((key) => [key, new Float64Array(n).fill(Number.NaN)]),
  ) as GeojsonColumns;
  geojson.features.forEach((feature, index) => {
    const polygons = featurePolygons(feature);
    if (polygons.length === 0) return;
    const coordinates = allCoordinates(polygons);
    let area = 0;
    let length = 0;
    for (const polygon of polygons) {
      area += polygonArea(polygon);
      length += polygonLength(polygon);
    }
    columns.area[index] = area;
    const rectangle = minimumRotatedRectangle(coordinates);
    if (rectangle !== null) {
      columns.rarea[index] = Math.abs(ringSignedArea(rectangle));
      [columns.rhigh[index], columns.rwidth[index], columns.rangle[index]] = rectangleStats(rectangle);
    }
    const [minx, miny, maxx, maxy] = bounds(coordinates);
    const box = boxRing(minx, miny, maxx, maxy);
    columns.bbx_area[index] = Math.abs(ringSignedArea(box));
    [columns.bbx_high[index], columns.bbx_width[index], columns.bbx_angle[index]] = rectangleStats(box);
    columns.compactness[index] = compactness(area, length) ?? Number.NaN;
    const centroid = polygonsCentroid(polygons);
    if (centroid !== null) [columns.x[index], columns.y[index]] = centroid;
  });
  return columns;
}

/** Min, mean and max of every column, in `stats.json` key order. */
export function geojsonSummary(columns: GeojsonColumns): Record<GeojsonStatsKey, BasicStats> {
  return Object.fromEntries(GEOJSON_STATS_KEYS.map((key) => [key, basicStats(columns[key])])) as Record<
    GeojsonStatsKey,
    BasicStats
  >;
}
