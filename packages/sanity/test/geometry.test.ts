import { type CleanPolygon, findInvalidity, type Point, repairPolygons } from "@iqf/sanity";
import { describe, expect, it } from "vitest";
import { ringArea, ringWinding } from "../src/geometry/primitives.js";

const area = (polygons: readonly (readonly (readonly Point[])[])[]) =>
  polygons.reduce((sum, p) => sum + p.reduce((s, ring) => s + ringArea(ring), 0), 0);

/** Non-zero fill of a polygon given as possibly invalid rings (shell, then holes). */
function nonZeroInside(polygon: CleanPolygon, p: Point): boolean {
  return ringWinding(polygon[0]!, p) !== 0 && polygon.slice(1).every((hole) => ringWinding(hole, p) === 0);
}

/** Inside a valid polygon set (even-odd is exact for valid output). */
function insideValid(polygons: readonly (readonly (readonly Point[])[])[], p: Point): boolean {
  return polygons.some(
    (polygon) => polygon.reduce((n, ring) => n + (ringWinding(ring, p) !== 0 ? 1 : 0), 0) % 2 === 1,
  );
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("findInvalidity", () => {
  it("accepts simple polygons, holes, duplicate-free rings and point-touching parts", () => {
    expect(
      findInvalidity([
        [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 1],
          ],
        ],
      ]),
    ).toBeUndefined();
    expect(
      findInvalidity([
        [
          [
            [0, 0],
            [10, 0],
            [10, 10],
            [0, 10],
          ],
          [
            [2, 2],
            [2, 4],
            [4, 4],
            [4, 2],
          ],
        ],
      ]),
    ).toBeUndefined();
    expect(
      findInvalidity([
        [
          [
            [0, 0],
            [5, 5],
            [0, 10],
          ],
        ],
        [
          [
            [10, 10],
            [5, 5],
            [10, 0],
          ],
        ],
      ]),
    ).toBeUndefined();
  });

  it("finds the bow-tie that turf's booleanValid accepts", () => {
    expect(
      findInvalidity([
        [
          [
            [0, 0],
            [10, 10],
            [10, 0],
            [0, 10],
          ],
        ],
      ]),
    ).toEqual({ kind: "self-intersection", at: [5, 5] });
  });

  it("names spikes, crossing rings, holes outside, nested holes, overlapping parts and zero area", () => {
    expect(
      findInvalidity([
        [
          [
            [0, 0],
            [4, 0],
            [6, 0],
            [4, 0],
            [4, 4],
          ],
        ],
      ])?.kind,
    ).toMatch(/spike|self-intersection/);
    const square: Point[] = [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
    ];
    expect(
      findInvalidity([
        [
          square,
          [
            [5, 5],
            [15, 5],
            [15, 6],
            [5, 6],
          ],
        ],
      ])?.kind,
    ).toBe("rings-cross");
    expect(
      findInvalidity([
        [
          square,
          [
            [20, 20],
            [21, 20],
            [21, 21],
          ],
        ],
      ])?.kind,
    ).toBe("hole-outside-shell");
    expect(
      findInvalidity([
        [
          square,
          [
            [1, 1],
            [9, 1],
            [9, 9],
            [1, 9],
          ],
          [
            [2, 2],
            [3, 2],
            [3, 3],
          ],
        ],
      ])?.kind,
    ).toBe("nested-holes");
    expect(
      findInvalidity([
        [square],
        [
          [
            [1, 1],
            [2, 1],
            [2, 2],
          ],
        ],
      ])?.kind,
    ).toBe("polygons-overlap");
    expect(
      findInvalidity([
        [
          [
            [0, 0],
            [1, 1],
            [2, 2],
          ],
        ],
      ])?.kind,
    ).toMatch(/zero-area|spike|self-intersection/);
  });
});

describe("repairPolygons", () => {
  it("turns a bow-tie into its two triangles, keeping all of its area", () => {
    const out = repairPolygons([
      [
        [
          [0, 0],
          [10, 10],
          [10, 0],
          [0, 10],
        ],
      ],
    ]);
    expect(out).toHaveLength(2);
    expect(area(out)).toBeCloseTo(50, 12);
    expect(findInvalidity(out)).toBeUndefined();
  });

  it("splits a figure-eight into its two loops", () => {
    const out = repairPolygons([
      [
        [
          [0, 0],
          [2, 2],
          [4, 0],
          [6, 2],
          [4, 4],
          [2, 2],
          [0, 4],
        ],
      ],
    ]);
    expect(out).toHaveLength(2);
    expect(area(out)).toBeCloseTo(4 + 8, 12);
    expect(findInvalidity(out)).toBeUndefined();
  });

  it("removes spikes and zero-width cuts, keeping the area", () => {
    const out = repairPolygons([
      [
        [
          [0, 0],
          [4, 0],
          [4, 4],
          [6, 4],
          [4, 4],
          [0, 4],
        ],
      ],
    ]);
    expect(out).toHaveLength(1);
    expect(area(out)).toBe(16);
    expect(findInvalidity(out)).toBeUndefined();
  });

  it("keeps the inverted hole of iquaflow's self-touching test polygon (as GEOS does)", () => {
    const ring: Point[] = [
      [0, 0],
      [0, 3],
      [3, 3],
      [3, 0],
      [2, 0],
      [2, 2],
      [1, 2],
      [1, 1],
      [2, 1],
      [2, 0],
    ];
    const out = repairPolygons([[ring]]);
    expect(out).toHaveLength(1);
    expect(out[0]).toHaveLength(2);
    expect(area(out)).toBe(8);
    expect(findInvalidity(out)).toBeUndefined();
  });

  it("clips a hole that crosses its shell and drops a hole outside it", () => {
    const square: Point[] = [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
    ];
    expect(
      area(
        repairPolygons([
          [
            square,
            [
              [5, 5],
              [15, 5],
              [15, 6],
              [5, 6],
            ],
          ],
        ]),
      ),
    ).toBe(95);
    expect(
      area(
        repairPolygons([
          [
            square,
            [
              [20, 20],
              [21, 20],
              [21, 21],
            ],
          ],
        ]),
      ),
    ).toBe(100);
  });

  it("merges overlapping parts of a multipolygon and rings traced twice", () => {
    const out = repairPolygons([
      [
        [
          [0, 0],
          [4, 0],
          [4, 4],
          [0, 4],
        ],
      ],
      [
        [
          [2, 2],
          [6, 2],
          [6, 6],
          [2, 6],
        ],
      ],
    ]);
    expect(out).toHaveLength(1);
    expect(area(out)).toBe(28);
    const twice = repairPolygons([
      [
        [
          [0, 0],
          [10, 0],
          [10, 10],
          [0, 10],
          [0, 0],
          [10, 0],
          [10, 10],
          [0, 10],
        ],
      ],
    ]);
    expect(area(twice)).toBe(100);
  });

  it("works at UTM magnitudes (the sample's bow-tie)", () => {
    const [x0, y0, x1, y1] = [733646.0, 3724869.0, 733647.2859310884, 3724884.25540601];
    const out = repairPolygons([
      [
        [
          [x0, y0],
          [x1, y1],
          [x1, y0],
          [x0, y1],
        ],
      ],
    ]);
    expect(out).toHaveLength(2);
    expect(area(out)).toBeCloseTo(((x1 - x0) * (y1 - y0)) / 2, 6);
    expect(findInvalidity(out)).toBeUndefined();
  });

  it("matches the non-zero fill of random self-intersecting rings point for point, with valid output", () => {
    const random = mulberry32(7);
    for (let trial = 0; trial < 60; trial++) {
      const n = 4 + Math.floor(random() * 9);
      const ring: Point[] = Array.from(
        { length: n },
        () => [Math.round(random() * 20), Math.round(random() * 20)] as Point,
      );
      const unique = ring.filter((p, i) => {
        const q = ring[(i + 1) % ring.length]!;
        return p[0] !== q[0] || p[1] !== q[1];
      });
      if (unique.length < 3) continue;
      const polygon: CleanPolygon = [unique];
      const out = repairPolygons([polygon]);
      expect(findInvalidity(out), JSON.stringify(unique)).toBeUndefined();
      for (let k = 0; k < 200; k++) {
        const p: Point = [random() * 20 + 1e-7, random() * 20 + 1e-7];
        expect(insideValid(out, p), `${JSON.stringify(unique)} at ${p}`).toBe(nonZeroInside(polygon, p));
      }
    }
  });
});
