/**
 * Planar geometry kernels with GEOS' floating-point operation order (shapely 1.8 / GEOS 3.11),
 * so areas, lengths, centroids and rotated rectangles equal iquaflow's to the last bit.
 * Coordinates are flat `Float64Array`s `[x0, y0, x1, y1, …]`; rings are closed (first = last).
 */

/** A closed ring as flat coordinates `[x0, y0, …, x0, y0]`. */
export type Ring = Float64Array;

/** A polygon: exterior ring followed by its holes. */
export type PolygonRings = readonly Ring[];

/** Signed area of a ring (GEOS `Area::ofRingSigned`; clockwise rings are positive). */
export function ringSignedArea(ring: Ring): number {
  const n = ring.length / 2;
  if (n < 3) return 0;
  const x0 = ring[0]!;
  let p1x = ring[0]!;
  let p1y = ring[1]!;
  let p2x = ring[2]! - x0;
  let p2y = ring[3]!;
  let sum = 0;
  for (let i = 1; i < n - 1; i++) {
    const p0y = p1y;
    p1x = p2x;
    p1y = p2y;
    p2x = ring[2 * (i + 1)]! - x0;
    p2y = ring[2 * (i + 1) + 1]!;
    sum += p1x * (p0y - p2y);
  }
  return sum / 2;
}

/** Area of a polygon: |exterior| minus |holes| (GEOS `Polygon::getArea`). */
export function polygonArea(polygon: PolygonRings): number {
  if (polygon.length === 0) return 0;
  let area = Math.abs(ringSignedArea(polygon[0]!));
  for (let h = 1; h < polygon.length; h++) area -= Math.abs(ringSignedArea(polygon[h]!));
  return area;
}

/** Length of a line or ring (GEOS `Length::ofLine`). */
export function ringLength(ring: Ring): number {
  let length = 0;
  let x0 = ring[0]!;
  let y0 = ring[1]!;
  for (let i = 2; i < ring.length; i += 2) {
    const x1 = ring[i]!;
    const y1 = ring[i + 1]!;
    const dx = x1 - x0;
    const dy = y1 - y0;
    length += Math.sqrt(dx * dx + dy * dy);
    x0 = x1;
    y0 = y1;
  }
  return length;
}

/** Perimeter of a polygon (exterior plus holes). */
export function polygonLength(polygon: PolygonRings): number {
  let length = 0;
  for (const ring of polygon) length += ringLength(ring);
  return length;
}

/** True when the ring runs counter-clockwise (GEOS `Orientation::isCCW`, by signed area sign). */
function isCounterClockwise(ring: Ring): boolean {
  return ringSignedArea(ring) < 0;
}

/** Accumulates area-weighted triangle centroids the way GEOS' `Centroid` does. */
class CentroidAccumulator {
  private baseX = Number.NaN;
  private baseY = Number.NaN;
  private hasBase = false;
  private cgX = 0;
  private cgY = 0;
  private areaSum2 = 0;

  /** Adds one ring: exteriors count positive, holes negative. */
  addRing(ring: Ring, isHole: boolean): void {
    const n = ring.length / 2;
    if (n === 0) return;
    if (!this.hasBase) {
      this.baseX = ring[0]!;
      this.baseY = ring[1]!;
      this.hasBase = true;
    }
    const ccw = isCounterClockwise(ring);
    const positive = isHole ? ccw : !ccw;
    const sign = positive ? 1 : -1;
    for (let i = 0; i < n - 1; i++) {
      const p1x = ring[2 * i]!;
      const p1y = ring[2 * i + 1]!;
      const p2x = ring[2 * i + 2]!;
      const p2y = ring[2 * i + 3]!;
      const cx = this.baseX + p1x + p2x;
      const cy = this.baseY + p1y + p2y;
      const area2 = (p1x - this.baseX) * (p2y - this.baseY) - (p2x - this.baseX) * (p1y - this.baseY);
      this.cgX += sign * area2 * cx;
      this.cgY += sign * area2 * cy;
      this.areaSum2 += sign * area2;
    }
  }

  /** The centroid, or `null` when the accumulated area is zero. */
  result(): [number, number] | null {
    if (this.areaSum2 === 0) return null;
    return [this.cgX / 3 / this.areaSum2, this.cgY / 3 / this.areaSum2];
  }
}

/** Area centroid of one or more polygons (GEOS `Centroid`), `null` for zero area. */
export function polygonsCentroid(polygons: readonly PolygonRings[]): [number, number] | null {
  const accumulator = new CentroidAccumulator();
  for (const polygon of polygons) {
    polygon.forEach((ring, index) => {
      accumulator.addRing(ring, index > 0);
    });
  }
  return accumulator.result();
}

/** Axis-aligned bounds `[minx, miny, maxx, maxy]` of flat coordinates. */
export function bounds(coords: ArrayLike<number>): [number, number, number, number] {
  let minx = Number.POSITIVE_INFINITY;
  let miny = Number.POSITIVE_INFINITY;
  let maxx = Number.NEGATIVE_INFINITY;
  let maxy = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < coords.length; i += 2) {
    const x = coords[i]!;
    const y = coords[i + 1]!;
    if (x < minx) minx = x;
    if (x > maxx) maxx = x;
    if (y < miny) miny = y;
    if (y > maxy) maxy = y;
  }
  return [minx, miny, maxx, maxy];
}

/** shapely's `box(minx, miny, maxx, maxy)` ring: (maxx,miny),(maxx,maxy),(minx,maxy),(minx,miny). */
export function boxRing(minx: number, miny: number, maxx: number, maxy: number): Ring {
  return Float64Array.of(maxx, miny, maxx, maxy, minx, maxy, minx, miny, maxx, miny);
}

/** Twice the signed area of triangle (o, a, b): positive for a left turn. */
function cross(ox: number, oy: number, ax: number, ay: number, bx: number, by: number): number {
  return (ax - ox) * (by - oy) - (ay - oy) * (bx - ox);
}

/**
 * Strict convex hull (no collinear vertices) of flat coordinates, as a closed ring in GEOS'
 * order: clockwise, starting at the lowest point (lowest x among ties). Degenerate inputs
 * (fewer than 3 non-collinear points) return `null`. O(n log n) (monotone chain).
 */
export function convexHullRing(coords: ArrayLike<number>): Ring | null {
  const n = coords.length / 2;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => coords[2 * a]! - coords[2 * b]! || coords[2 * a + 1]! - coords[2 * b + 1]!);
  // Lower and upper chains, counter-clockwise, right turns and collinear points removed.
  const hull = new Uint32Array(2 * n + 1);
  let k = 0;
  const push = (index: number, floor: number): void => {
    const px = coords[2 * index]!;
    const py = coords[2 * index + 1]!;
    while (k >= floor) {
      const a = hull[k - 2]!;
      const b = hull[k - 1]!;
      if (cross(coords[2 * a]!, coords[2 * a + 1]!, coords[2 * b]!, coords[2 * b + 1]!, px, py) > 0) break;
      k--;
    }
    const last = k > 0 ? hull[k - 1]! : -1;
    if (last >= 0 && coords[2 * last] === px && coords[2 * last + 1] === py) return;
    hull[k++] = index;
  };
  for (let i = 0; i < n; i++) push(order[i]!, 2);
  const lowerSize = k + 1;
  for (let i = n - 2; i >= 0; i--) push(order[i]!, lowerSize);
  k--; // the last point repeats the first
  if (k < 3) return null;
  // Reverse to clockwise and start at the lowest (then leftmost) vertex.
  let start = 0;
  for (let i = 1; i < k; i++) {
    const a = hull[i]!;
    const s = hull[start]!;
    const ay = coords[2 * a + 1]!;
    const sy = coords[2 * s + 1]!;
    if (ay < sy || (ay === sy && coords[2 * a]! < coords[2 * s]!)) start = i;
  }
  const ring = new Float64Array(2 * (k + 1));
  for (let j = 0; j <= k; j++) {
    const index = hull[(((start - j) % k) + k) % k]!;
    ring[2 * j] = coords[2 * index]!;
    ring[2 * j + 1] = coords[2 * index + 1]!;
  }
  return ring;
}

/**
 * Minimum-area rotated rectangle with shapely 1.8's rotating-envelope algorithm: for each hull
 * edge in ring order rotate the hull onto the edge direction, take the envelope, keep the first
 * smallest, rotate it back. Returns the closed ring (minx',miny'),(maxx',miny'),(maxx',maxy'),
 * (minx',maxy'), or `null` for a degenerate (point or line) geometry. O(h²) in hull vertices h.
 */
export function minimumRotatedRectangle(coords: ArrayLike<number>): Ring | null {
  const hull = convexHullRing(coords);
  if (hull === null) return null;
  const h = hull.length / 2;
  let bestArea = Number.POSITIVE_INFINITY;
  let best: Ring | null = null;
  for (let e = 0; e < h - 1; e++) {
    const dx = hull[2 * e + 2]! - hull[2 * e]!;
    const dy = hull[2 * e + 3]! - hull[2 * e + 1]!;
    const length = Math.sqrt(dx ** 2 + dy ** 2);
    const ux = dx / length;
    const uy = dy / length;
    const vx = -uy;
    const vy = ux;
    let minx = Number.POSITIVE_INFINITY;
    let miny = Number.POSITIVE_INFINITY;
    let maxx = Number.NEGATIVE_INFINITY;
    let maxy = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < h; i++) {
      const x = hull[2 * i]!;
      const y = hull[2 * i + 1]!;
      const xr = ux * x + uy * y + 0;
      const yr = vx * x + vy * y + 0;
      if (xr < minx) minx = xr;
      if (xr > maxx) maxx = xr;
      if (yr < miny) miny = yr;
      if (yr > maxy) maxy = yr;
    }
    const envelope = Float64Array.of(minx, miny, maxx, miny, maxx, maxy, minx, maxy, minx, miny);
    const area = Math.abs(ringSignedArea(envelope));
    if (area < bestArea) {
      bestArea = area;
      best = new Float64Array(10);
      for (let i = 0; i < 5; i++) {
        const xr = envelope[2 * i]!;
        const yr = envelope[2 * i + 1]!;
        best[2 * i] = ux * xr + vx * yr + 0;
        best[2 * i + 1] = uy * xr + vy * yr + 0;
      }
    }
  }
  return best;
}

/** Length, width and angle (degrees) of a rectangle ring, from its first three vertices. */
export function rectangleStats(ring: Ring): [number, number, number] {
  const d01 = Math.sqrt((ring[0]! - ring[2]!) ** 2 + (ring[1]! - ring[3]!) ** 2);
  const d12 = Math.sqrt((ring[2]! - ring[4]!) ** 2 + (ring[3]! - ring[5]!) ** 2);
  const length = Math.max(d01, d12);
  const width = Math.min(d01, d12);
  const radians =
    d01 === length
      ? Math.atan2(ring[1]! - ring[3]!, ring[0]! - ring[2]!)
      : Math.atan2(ring[3]! - ring[5]!, ring[2]! - ring[4]!);
  return [length, width, radians * (180 / Math.PI)];
}

/** Compactness 4π·area/perimeter² (1 for a disc), or `null` when the perimeter is zero. */
export function compactness(area: number, perimeter: number): number | null {
  return perimeter > 0 ? (4 * Math.PI * area) / (perimeter * perimeter) : null;
}
