/** A 2-D point as stored in GeoJSON (`[x, y]`, extra ordinates ignored). */
export type Point = readonly [number, number];

/** A ring as a list of distinct consecutive points, implicitly closed (last ≠ first). */
export type OpenRing = readonly Point[];

/** Twice the signed area of triangle abc: > 0 when a, b, c turn counter-clockwise. */
export function orient(a: Point, b: Point, c: Point): number {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

/**
 * Signed area of an implicitly closed ring (shoelace, relative to the first point so that large
 * coordinates such as UTM metres keep their precision); > 0 for counter-clockwise rings.
 */
export function ringArea(ring: OpenRing): number {
  const n = ring.length;
  if (n < 3) return 0;
  const [ox, oy] = ring[0]!;
  let sum = 0;
  for (let i = 1; i < n - 1; i++) {
    const a = ring[i]!;
    const b = ring[i + 1]!;
    sum += (a[0] - ox) * (b[1] - oy) - (b[0] - ox) * (a[1] - oy);
  }
  return sum / 2;
}

/**
 * Contribution of the directed segment a→b to the winding number of p (Sunday's crossing rule):
 * +1 for an upward crossing with p on the left, −1 for a downward crossing with p on the right.
 */
export function windingContribution(a: Point, b: Point, p: Point): number {
  if (a[1] <= p[1]) {
    if (b[1] > p[1] && orient(a, b, p) > 0) return 1;
  } else if (b[1] <= p[1] && orient(a, b, p) < 0) {
    return -1;
  }
  return 0;
}

/** Winding number of p with respect to an implicitly closed ring (0 = outside). */
export function ringWinding(ring: OpenRing, p: Point): number {
  let w = 0;
  const n = ring.length;
  for (let i = 0; i < n; i++) w += windingContribution(ring[i]!, ring[(i + 1) % n]!, p);
  return w;
}

/** How two segments meet. */
export interface SegmentContact {
  /** `cross`: interiors cross at one point; `touch`: one point that is an endpoint of a segment; `overlap`: collinear overlap. */
  readonly kind: "cross" | "touch" | "overlap";
  /** The contact points (one, or the two ends of the overlap). */
  readonly points: readonly Point[];
}

function within(a: number, b: number, v: number): boolean {
  return a <= b ? a <= v && v <= b : b <= v && v <= a;
}

function onSegment(a: Point, b: Point, p: Point): boolean {
  return within(a[0], b[0], p[0]) && within(a[1], b[1], p[1]);
}

function samePoint(a: Point, b: Point): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

function collinearContact(p1: Point, p2: Point, q1: Point, q2: Point): SegmentContact | undefined {
  const found: Point[] = [];
  for (const p of [q1, q2]) if (onSegment(p1, p2, p)) found.push(p);
  for (const p of [p1, p2]) if (onSegment(q1, q2, p) && !found.some((f) => samePoint(f, p))) found.push(p);
  if (found.length === 0) return undefined;
  if (found.length === 1) return { kind: "touch", points: found };
  return { kind: "overlap", points: found };
}

/** Where segments p1p2 and q1q2 meet, or `undefined` when they are disjoint. Exact for touching cases. */
export function segmentContact(p1: Point, p2: Point, q1: Point, q2: Point): SegmentContact | undefined {
  const o1 = Math.sign(orient(p1, p2, q1));
  const o2 = Math.sign(orient(p1, p2, q2));
  const o3 = Math.sign(orient(q1, q2, p1));
  const o4 = Math.sign(orient(q1, q2, p2));
  if (o1 === 0 && o2 === 0) return collinearContact(p1, p2, q1, q2);
  if ((o1 !== 0 && o1 === o2) || (o3 !== 0 && o3 === o4)) return undefined;
  if (o1 === 0) return onSegment(p1, p2, q1) ? { kind: "touch", points: [q1] } : undefined;
  if (o2 === 0) return onSegment(p1, p2, q2) ? { kind: "touch", points: [q2] } : undefined;
  if (o3 === 0) return onSegment(q1, q2, p1) ? { kind: "touch", points: [p1] } : undefined;
  if (o4 === 0) return onSegment(q1, q2, p2) ? { kind: "touch", points: [p2] } : undefined;
  const dx = p2[0] - p1[0];
  const dy = p2[1] - p1[1];
  const ex = q2[0] - q1[0];
  const ey = q2[1] - q1[1];
  const t = ((q1[0] - p1[0]) * ey - (q1[1] - p1[1]) * ex) / (dx * ey - dy * ex);
  const clamped = Math.min(1, Math.max(0, t));
  return { kind: "cross", points: [[p1[0] + clamped * dx, p1[1] + clamped * dy]] };
}
