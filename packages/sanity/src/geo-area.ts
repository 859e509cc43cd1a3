import type { GeojsonCrs } from "@iqf/core";
import type { Point } from "./geometry/primitives.js";
import { ringArea } from "./geometry/primitives.js";

/** Mean Earth radius (m) used for areas of longitude/latitude polygons. */
const EARTH_RADIUS = 6_371_008.8;

function sphericalRingArea(ring: readonly Point[]): number {
  let sum = 0;
  const n = ring.length;
  for (let i = 0; i < n; i++) {
    const a = ring[i]!;
    const b = ring[(i + 1) % n]!;
    const toRad = Math.PI / 180;
    sum += (b[0] - a[0]) * toRad * (2 + Math.sin(a[1] * toRad) + Math.sin(b[1] * toRad));
  }
  return Math.abs((sum * EARTH_RADIUS * EARTH_RADIUS) / 2);
}

/**
 * Area of polygons (shell minus holes, open rings) in square metres: planar for projected CRSs
 * (the samples are UTM), on the sphere for longitude/latitude.
 */
export function polygonsArea(polygons: readonly (readonly (readonly Point[])[])[], crs: GeojsonCrs): number {
  const ringMeasure =
    crs.kind === "projected" ? (r: readonly Point[]) => Math.abs(ringArea(r)) : sphericalRingArea;
  let total = 0;
  for (const polygon of polygons) {
    polygon.forEach((ring, i) => {
      total += i === 0 ? ringMeasure(ring) : -ringMeasure(ring);
    });
  }
  return total;
}
