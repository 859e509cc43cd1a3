import { UnknownCrs } from "./errors.js";

/** How coordinates of a GeoJSON file are to be read. */
export interface CrsInfo {
  /** Name as written in the file (or `CRS84` when the file has no `crs` member, per RFC 7946). */
  readonly name: string;
  /** EPSG code, when there is one. */
  readonly epsg?: number;
  /** `geographic`: longitude/latitude degrees (areas on the sphere); `projected`: planar metres. */
  readonly kind: "geographic" | "projected";
}

const GEOGRAPHIC = new Set([4326, 4269, 4258, 4283, 4617]);
const PROJECTED_SINGLE = new Set([3857, 900913, 3395, 3035, 2154, 27700, 28992, 31370, 5070, 3577]);

function projectedEpsg(code: number): boolean {
  return (
    PROJECTED_SINGLE.has(code) ||
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
 * longitude/latitude (RFC 7946). Known geographic and projected EPSG codes are accepted; anything
 * else throws {@link UnknownCrs} naming the file.
 */
export function resolveCrs(file: string, crs: unknown): CrsInfo {
  if (crs === undefined || crs === null) return { name: "CRS84", kind: "geographic" };
  const name =
    typeof crs === "object" && (crs as { type?: unknown }).type === "name"
      ? (crs as { properties?: { name?: unknown } }).properties?.name
      : undefined;
  if (typeof name !== "string") throw new UnknownCrs(file, JSON.stringify(crs));
  if (/CRS:?84$/i.test(name.trim())) return { name, kind: "geographic", epsg: 4326 };
  const epsg = epsgOf(name);
  if (epsg !== undefined && GEOGRAPHIC.has(epsg)) return { name, epsg, kind: "geographic" };
  if (epsg !== undefined && projectedEpsg(epsg)) return { name, epsg, kind: "projected" };
  throw new UnknownCrs(file, name);
}
