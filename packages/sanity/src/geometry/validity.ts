import { type OpenRing, type Point, ringArea, ringWinding, segmentContact } from "./primitives.js";
import { forEachCandidatePair, ringSegments } from "./segment-pairs.js";

/** A polygon as cleaned rings: the shell first, then its holes. */
export type CleanPolygon = readonly OpenRing[];

/** Why a (multi)polygon with well-formed rings is still invalid (OGC simple-features rules). */
export type InvalidityKind =
  | "self-intersection"
  | "spike"
  | "rings-cross"
  | "hole-outside-shell"
  | "nested-holes"
  | "polygons-overlap"
  | "zero-area";

/** One reason for invalidity, with a location when there is one. */
export interface Invalidity {
  /** What is wrong. */
  readonly kind: InvalidityKind;
  /** Where (a contact point), when known. */
  readonly at?: Point;
}

interface RingInfo {
  readonly polygon: number;
  readonly hole: boolean;
}

function consecutive(i: number, j: number, length: number): boolean {
  const d = Math.abs(i - j);
  return d === 1 || d === length - 1;
}

function contactInvalidity(rings: readonly OpenRing[], infos: readonly RingInfo[]): Invalidity | undefined {
  let found: Invalidity | undefined;
  forEachCandidatePair(ringSegments(rings), (s, t) => {
    if (found) return;
    const contact = segmentContact(s.a, s.b, t.a, t.b);
    if (!contact) return;
    const at = contact.points[0];
    if (s.ring === t.ring) {
      const length = rings[s.ring]!.length;
      if (consecutive(s.index, t.index, length) && contact.kind === "touch" && length > 2) return;
      found = { kind: contact.kind === "overlap" ? "spike" : "self-intersection", at };
      return;
    }
    if (contact.kind === "touch") return;
    const samePolygon = infos[s.ring]!.polygon === infos[t.ring]!.polygon;
    found = { kind: samePolygon ? "rings-cross" : "polygons-overlap", at };
  });
  return found;
}

function edgeMidpoint(ring: OpenRing, index: number): Point {
  const a = ring[index]!;
  const b = ring[(index + 1) % ring.length]!;
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
}

/** True when every edge midpoint of `inner` lies inside `outer` (rings known not to cross). */
function ringInside(inner: OpenRing, outer: OpenRing): boolean {
  for (let i = 0; i < inner.length; i++) {
    if (ringWinding(outer, edgeMidpoint(inner, i)) === 0) return false;
  }
  return true;
}

function polygonCovers(polygon: CleanPolygon, ring: OpenRing): boolean {
  const p = edgeMidpoint(ring, 0);
  if (ringWinding(polygon[0]!, p) === 0) return false;
  return polygon.slice(1).every((hole) => ringWinding(hole, p) === 0);
}

function nestingInvalidity(polygons: readonly CleanPolygon[]): Invalidity | undefined {
  for (const polygon of polygons) {
    const shell = polygon[0]!;
    const holes = polygon.slice(1);
    if (holes.some((hole) => !ringInside(hole, shell))) return { kind: "hole-outside-shell" };
    for (let i = 0; i < holes.length; i++) {
      for (let j = 0; j < holes.length; j++) {
        if (i !== j && ringWinding(holes[j]!, edgeMidpoint(holes[i]!, 0)) !== 0)
          return { kind: "nested-holes" };
      }
    }
  }
  for (let i = 0; i < polygons.length; i++) {
    for (let j = 0; j < polygons.length; j++) {
      if (i !== j && polygonCovers(polygons[j]!, polygons[i]![0]!)) return { kind: "polygons-overlap" };
    }
  }
  return undefined;
}

/**
 * Tests a (multi)polygon whose rings are already well formed (finite, closed implicitly, at least
 * three distinct points) against the OGC validity rules: no self-intersection or self-touch of a
 * ring, no spikes, rings of one polygon meet at isolated points only, holes inside their shell and
 * not inside each other, polygons of a multipolygon with disjoint interiors, and non-zero area.
 * Returns the first problem found, or `undefined` when the geometry is valid.
 */
export function findInvalidity(polygons: readonly CleanPolygon[]): Invalidity | undefined {
  const rings: OpenRing[] = [];
  const infos: RingInfo[] = [];
  polygons.forEach((polygon, p) => {
    polygon.forEach((ring, r) => {
      rings.push(ring);
      infos.push({ polygon: p, hole: r > 0 });
    });
  });
  const contact = contactInvalidity(rings, infos);
  if (contact) return contact;
  if (polygons.some((polygon) => ringArea(polygon[0]!) === 0)) return { kind: "zero-area" };
  return nestingInvalidity(polygons);
}
