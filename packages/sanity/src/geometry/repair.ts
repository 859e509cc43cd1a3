import {
  type OpenRing,
  type Point,
  ringArea,
  ringWinding,
  segmentContact,
  windingContribution,
} from "./primitives.js";
import { forEachCandidatePair, type RingSegment, ringSegments } from "./segment-pairs.js";
import type { CleanPolygon } from "./validity.js";
import { VertexPool } from "./vertex-pool.js";

/** Relative merge distance for intersection points computed more than once. */
const SNAP_RELATIVE = 1e-13;

interface Arrangement {
  readonly points: readonly Point[];
  /** Edge endpoints, `from[e] < to[e]`. */
  readonly from: number[];
  readonly to: number[];
  /** Net number of times each ring runs along each edge from `from` to `to`, `ringCount` per edge. */
  readonly counts: Int32Array[];
}

function segmentParameter(s: RingSegment, p: Point): number {
  const dx = s.b[0] - s.a[0];
  const dy = s.b[1] - s.a[1];
  return ((p[0] - s.a[0]) * dx + (p[1] - s.a[1]) * dy) / (dx * dx + dy * dy);
}

/** Splits every segment at every point where it meets another and merges the pieces into edges. */
function buildArrangement(rings: readonly OpenRing[]): Arrangement {
  const segments = ringSegments(rings);
  let extent = 1;
  for (const ring of rings) for (const p of ring) extent = Math.max(extent, Math.abs(p[0]), Math.abs(p[1]));
  const pool = new VertexPool(extent * SNAP_RELATIVE);
  for (const ring of rings) for (const p of ring) pool.idOf(p);
  const indexOf = new Map(segments.map((s, i) => [s, i]));
  const splits: { t: number; id: number }[][] = segments.map(() => []);
  forEachCandidatePair(segments, (s, t) => {
    const contact = segmentContact(s.a, s.b, t.a, t.b);
    for (const p of contact?.points ?? []) {
      const id = pool.idOf(p);
      splits[indexOf.get(s)!]!.push({ t: segmentParameter(s, p), id });
      splits[indexOf.get(t)!]!.push({ t: segmentParameter(t, p), id });
    }
  });
  const edgeIndex = new Map<string, number>();
  const from: number[] = [];
  const to: number[] = [];
  const counts: Int32Array[] = [];
  segments.forEach((s, i) => {
    const ids = [pool.idOf(s.a), ...splits[i]!.sort((x, y) => x.t - y.t).map((x) => x.id), pool.idOf(s.b)];
    for (let k = 1; k < ids.length; k++) {
      const u = ids[k - 1]!;
      const v = ids[k]!;
      if (u === v) continue;
      const key = u < v ? `${u},${v}` : `${v},${u}`;
      let e = edgeIndex.get(key);
      if (e === undefined) {
        e = from.length;
        edgeIndex.set(key, e);
        from.push(Math.min(u, v));
        to.push(Math.max(u, v));
        counts.push(new Int32Array(rings.length));
      }
      counts[e]![s.ring]! += u < v ? 1 : -1;
    }
  });
  const kept = counts.map((c, e) => (c.some((n) => n !== 0) ? e : -1)).filter((e) => e >= 0);
  return {
    points: pool.points,
    from: kept.map((e) => from[e]!),
    to: kept.map((e) => to[e]!),
    counts: kept.map((e) => counts[e]!),
  };
}

/** Half-edge structure over an arrangement: half-edge 2e runs from→to, 2e+1 runs back. */
class HalfEdges {
  readonly origin: Int32Array;
  readonly target: Int32Array;
  /** Outgoing half-edges of each vertex, sorted counter-clockwise by angle. */
  readonly outgoing: number[][];
  /** Position of each half-edge in its origin's `outgoing` list. */
  readonly position: Int32Array;

  constructor(readonly arrangement: Arrangement) {
    const edges = arrangement.from.length;
    this.origin = new Int32Array(2 * edges);
    this.target = new Int32Array(2 * edges);
    this.outgoing = arrangement.points.map(() => []);
    this.position = new Int32Array(2 * edges);
    const angle = new Float64Array(2 * edges);
    for (let e = 0; e < edges; e++) {
      const u = arrangement.from[e]!;
      const v = arrangement.to[e]!;
      this.setHalf(2 * e, u, v, angle);
      this.setHalf(2 * e + 1, v, u, angle);
    }
    for (const list of this.outgoing) {
      list.sort((h, k) => angle[h]! - angle[k]!);
      list.forEach((h, i) => {
        this.position[h] = i;
      });
    }
  }

  private setHalf(h: number, u: number, v: number, angle: Float64Array): void {
    const a = this.arrangement.points[u]!;
    const b = this.arrangement.points[v]!;
    this.origin[h] = u;
    this.target[h] = v;
    angle[h] = Math.atan2(b[1] - a[1], b[0] - a[0]);
    this.outgoing[u]!.push(h);
  }

  /** Net ring counts along half-edge h (negated for the backward half). */
  count(h: number, ring: number): number {
    const c = this.arrangement.counts[h >> 1]![ring]!;
    return h & 1 ? -c : c;
  }

  /** The half-edge after h, turning as far clockwise as possible among those `allowed`. */
  next(h: number, allowed: (k: number) => boolean = () => true): number {
    const list = this.outgoing[this.target[h]!]!;
    const start = this.position[h ^ 1]!;
    for (let step = 1; step <= list.length; step++) {
      const k = list[(start - step + list.length * 2) % list.length]!;
      if (allowed(k)) return k;
    }
    return -1;
  }
}

interface Faces {
  readonly faceOf: Int32Array;
  readonly halfEdgesOf: number[][];
  readonly area: number[];
}

function traceFaces(graph: HalfEdges): Faces {
  const faceOf = new Int32Array(graph.origin.length).fill(-1);
  const halfEdgesOf: number[][] = [];
  const area: number[] = [];
  for (let h = 0; h < faceOf.length; h++) {
    if (faceOf[h] !== -1) continue;
    const face = halfEdgesOf.length;
    const members: number[] = [];
    let k = h;
    while (faceOf[k] === -1) {
      faceOf[k] = face;
      members.push(k);
      k = graph.next(k);
    }
    halfEdgesOf.push(members);
    area.push(ringArea(members.map((m) => graph.arrangement.points[graph.origin[m]!]!)));
  }
  return { faceOf, halfEdgesOf, area };
}

function componentsOf(arrangement: Arrangement): Int32Array {
  const parent = Int32Array.from(arrangement.points, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  arrangement.from.forEach((u, e) => {
    parent[find(u)] = find(arrangement.to[e]!);
  });
  return Int32Array.from(parent, (_, i) => find(i));
}

/** Winding numbers of every ring on every face, propagated across edges from each component's outside. */
function faceWindings(graph: HalfEdges, faces: Faces, ringCount: number): Int32Array[] {
  const { arrangement } = graph;
  const component = componentsOf(arrangement);
  const winding: (Int32Array | undefined)[] = faces.area.map(() => undefined);
  const outerOf = new Map<number, number>();
  faces.area.forEach((a, f) => {
    const c = component[graph.origin[faces.halfEdgesOf[f]![0]!]!]!;
    const best = outerOf.get(c);
    if (best === undefined || a < faces.area[best]!) outerOf.set(c, f);
  });
  for (const [c, outer] of outerOf) {
    const p = arrangement.points[graph.origin[faces.halfEdgesOf[outer]![0]!]!]!;
    const w = new Int32Array(ringCount);
    arrangement.from.forEach((u, e) => {
      if (component[u] === c) return;
      const crossing = windingContribution(
        arrangement.points[u]!,
        arrangement.points[arrangement.to[e]!]!,
        p,
      );
      if (crossing !== 0) for (let r = 0; r < ringCount; r++) w[r]! += crossing * arrangement.counts[e]![r]!;
    });
    winding[outer] = w;
    const queue = [outer];
    while (queue.length > 0) {
      const f = queue.pop()!;
      for (const h of faces.halfEdgesOf[f]!) {
        const g = faces.faceOf[h ^ 1]!;
        if (winding[g]) continue;
        winding[g] = winding[f]!.map((value, r) => value - graph.count(h, r));
        queue.push(g);
      }
    }
  }
  return winding.map((w) => w ?? new Int32Array(ringCount));
}

function traceBoundary(graph: HalfEdges, isBoundary: Uint8Array): Point[][] {
  const used = new Uint8Array(isBoundary.length);
  const rings: Point[][] = [];
  for (let h = 0; h < isBoundary.length; h++) {
    if (!isBoundary[h] || used[h]) continue;
    const ring: Point[] = [];
    let k = h;
    while (k >= 0 && !used[k]) {
      used[k] = 1;
      ring.push(graph.arrangement.points[graph.origin[k]!]!);
      k = graph.next(k, (candidate) => isBoundary[candidate] === 1);
    }
    if (ring.length >= 3) rings.push(ring);
  }
  return rings;
}

function assemblePolygons(rings: readonly Point[][]): Point[][][] {
  const shells = rings
    .filter((r) => ringArea(r) > 0)
    .map((r) => ({ ring: r, area: ringArea(r), holes: [] as Point[][] }));
  for (const hole of rings.filter((r) => ringArea(r) < 0)) {
    const a = hole[0]!;
    const b = hole[1]!;
    const probe: Point = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    const owner = shells.filter((s) => ringWinding(s.ring, probe) !== 0).sort((s, t) => s.area - t.area)[0];
    owner?.holes.push(hole);
  }
  return shells.map((s) => [s.ring, ...s.holes]);
}

/**
 * Makes a (multi)polygon valid without losing area that its rings enclose. The rings are noded
 * (split wherever they meet), the plane is cut into faces, and a face is kept when it is inside a
 * polygon under the non-zero winding rule — inside its shell (winding ≠ 0) and outside every hole —
 * for any of the polygons. The boundary of the kept faces is traced into simple rings
 * (shells counter-clockwise, holes clockwise). A bow-tie therefore becomes its two triangles,
 * a figure-eight its two loops, spikes and zero-width cuts disappear, and a loop running the
 * other way inside a shell stays a hole. Returns polygons as lists of open rings (shell first).
 */
export function repairPolygons(polygons: readonly CleanPolygon[]): Point[][][] {
  const rings: OpenRing[] = [];
  const shellOf: number[] = [];
  const holesOf: number[][] = [];
  for (const polygon of polygons) {
    shellOf.push(rings.length);
    rings.push(polygon[0]!);
    const holes: number[] = [];
    for (const hole of polygon.slice(1)) {
      holes.push(rings.length);
      rings.push(hole);
    }
    holesOf.push(holes);
  }
  const graph = new HalfEdges(buildArrangement(rings));
  const faces = traceFaces(graph);
  const winding = faceWindings(graph, faces, rings.length);
  const filled = winding.map((w) =>
    shellOf.some((shell, k) => w[shell] !== 0 && holesOf[k]!.every((hole) => w[hole] === 0)),
  );
  const isBoundary = new Uint8Array(graph.origin.length);
  for (let h = 0; h < isBoundary.length; h++) {
    isBoundary[h] = filled[faces.faceOf[h]!] && !filled[faces.faceOf[h ^ 1]!] ? 1 : 0;
  }
  return assemblePolygons(traceBoundary(graph, isBoundary));
}
