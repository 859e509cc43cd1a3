import {
  boxRing,
  compactness,
  convexHullRing,
  minimumRotatedRectangle,
  polygonArea,
  polygonLength,
  polygonsCentroid,
  rectangleStats,
} from "@iqf/stats";
import { describe, expect, it } from "vitest";

const ring = (...coords: number[]) => Float64Array.from(coords);
const triangle = ring(0, 0, 1, 0, 1, 1, 0, 0);

describe("GEOS-exact polygon measures (shapely 1.8 semantics)", () => {
  it("area, perimeter and compactness of squares", () => {
    expect(polygonArea([boxRing(0, 0, 2, 2)])).toBe(4);
    const unit = [boxRing(0, 0, 1, 1)];
    expect(compactness(polygonArea(unit), polygonLength(unit))).toBe(0.7853981633974483);
    expect(compactness(0, 0)).toBeNull();
  });

  it("holes are subtracted and the centroid stays at the centre of a symmetric ring", () => {
    const withHole = [boxRing(0, 0, 4, 4), ring(1, 1, 1, 3, 3, 3, 3, 1, 1, 1)];
    expect(polygonArea(withHole)).toBe(12);
    expect(polygonsCentroid([withHole])).toEqual([2, 2]);
    expect(polygonsCentroid([[ring(0, 0, 1, 1, 2, 2, 0, 0)]])).toBeNull();
  });

  it("shapely's box ring and rectangle stats (length, width, angle in degrees)", () => {
    expect(Array.from(boxRing(0, 0, 1, 1))).toEqual([1, 0, 1, 1, 0, 1, 0, 0, 1, 0]);
    expect(rectangleStats(triangle)).toEqual([1, 1, 180]);
    expect(rectangleStats(boxRing(0, 0, 3, 1))).toEqual([3, 1, 0]);
    expect(rectangleStats(boxRing(0, 0, 1, 3))).toEqual([3, 1, -90]);
  });

  it("the convex hull runs clockwise from the lowest point, without collinear or repeated vertices", () => {
    const square = ring(0, 0, 0.5, 0, 1, 0, 1, 1, 0, 1, 0.5, 0.5, 0, 0, 1, 1);
    expect(Array.from(convexHullRing(square)!)).toEqual([0, 0, 0, 1, 1, 1, 1, 0, 0, 0]);
    expect(convexHullRing(ring(0, 0, 1, 1, 2, 2))).toBeNull();
  });

  it("minimum rotated rectangle of the unit square is exactly box(0, 0, 1, 1)", () => {
    const unitSquare = ring(0, 0, 0, 1, 1, 1, 1, 0, 0, 0);
    expect(Array.from(minimumRotatedRectangle(unitSquare)!)).toEqual(Array.from(boxRing(0, 0, 1, 1)));
  });

  it("minimum rotated rectangle of a right triangle has iquaflow's length, width and angle", () => {
    const rectangle = minimumRotatedRectangle(triangle)!;
    expect(rectangleStats(rectangle)).toEqual([1.4142135623730947, 0.7071067811865472, -135]);
    expect(rectangle[4]).toBeCloseTo(1, 12);
    expect(rectangle[5]).toBeCloseTo(1, 12);
  });

  it("the rotated rectangle covers every point and is never larger than the bounding box", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 100;
    for (let trial = 0; trial < 50; trial++) {
      const points = Float64Array.from({ length: 40 }, random);
      const rectangle = minimumRotatedRectangle(points)!;
      const area = polygonArea([rectangle]);
      let [minx, miny, maxx, maxy] = [Infinity, Infinity, -Infinity, -Infinity];
      for (let i = 0; i < points.length; i += 2) {
        minx = Math.min(minx, points[i]!);
        maxx = Math.max(maxx, points[i]!);
        miny = Math.min(miny, points[i + 1]!);
        maxy = Math.max(maxy, points[i + 1]!);
      }
      expect(area).toBeLessThanOrEqual((maxx - minx) * (maxy - miny) + 1e-9);
      // every point lies inside the rectangle: on the inner side of each edge (clockwise ring)
      for (let e = 0; e < 4; e++) {
        const [ax, ay, bx, by] = [
          rectangle[2 * e]!,
          rectangle[2 * e + 1]!,
          rectangle[2 * e + 2]!,
          rectangle[2 * e + 3]!,
        ];
        const orientation = Math.sign(
          (bx - ax) * (rectangle[(2 * e + 5) % 10]! - ay) - (by - ay) * (rectangle[(2 * e + 4) % 10]! - ax),
        );
        for (let i = 0; i < points.length; i += 2) {
          const side = (bx - ax) * (points[i + 1]! - ay) - (by - ay) * (points[i]! - ax);
          expect(side * orientation).toBeGreaterThanOrEqual(-1e-7);
        }
      }
    }
  });
});
