import type { Point } from "./primitives.js";

/** A segment of some ring, as indices into that ring. */
export interface RingSegment {
  /** Index of the ring the segment belongs to. */
  readonly ring: number;
  /** Index of the segment inside its ring (from point `index` to point `index + 1`, wrapping). */
  readonly index: number;
  /** Start point. */
  readonly a: Point;
  /** End point. */
  readonly b: Point;
}

/** Every segment of the given implicitly closed rings. */
export function ringSegments(rings: readonly (readonly Point[])[]): RingSegment[] {
  const segments: RingSegment[] = [];
  rings.forEach((ring, r) => {
    for (let i = 0; i < ring.length; i++) {
      segments.push({ ring: r, index: i, a: ring[i]!, b: ring[(i + 1) % ring.length]! });
    }
  });
  return segments;
}

/** Below this many segments, comparing every pair is faster than sweeping. */
const SMALL = 48;

/**
 * Calls `visit` for every pair of segments whose bounding boxes overlap (sweep along x),
 * which is every pair that can possibly meet.
 */
export function forEachCandidatePair(
  segments: readonly RingSegment[],
  visit: (s: RingSegment, t: RingSegment) => void,
): void {
  const n = segments.length;
  const minX = new Float64Array(n);
  const maxX = new Float64Array(n);
  const minY = new Float64Array(n);
  const maxY = new Float64Array(n);
  segments.forEach((s, i) => {
    minX[i] = Math.min(s.a[0], s.b[0]);
    maxX[i] = Math.max(s.a[0], s.b[0]);
    minY[i] = Math.min(s.a[1], s.b[1]);
    maxY[i] = Math.max(s.a[1], s.b[1]);
  });
  if (n <= SMALL) {
    for (let i = 1; i < n; i++) {
      for (let j = 0; j < i; j++) {
        if (minX[i]! <= maxX[j]! && minX[j]! <= maxX[i]! && minY[i]! <= maxY[j]! && minY[j]! <= maxY[i]!) {
          visit(segments[j]!, segments[i]!);
        }
      }
    }
    return;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => minX[i]! - minX[j]!);
  const active: number[] = [];
  for (const i of order) {
    let keep = 0;
    for (const j of active) {
      if (maxX[j]! < minX[i]!) continue;
      active[keep++] = j;
      if (minY[i]! <= maxY[j]! && minY[j]! <= maxY[i]!) visit(segments[j]!, segments[i]!);
    }
    active.length = keep;
    active.push(i);
  }
}
