import type { Point } from "./primitives.js";

/**
 * Numbers points, merging any two that lie within `tolerance` of each other, so that an
 * intersection computed twice (from different segment pairs) becomes one vertex.
 */
export class VertexPool {
  /** Coordinates of each vertex, by id. */
  readonly points: Point[] = [];
  private readonly cells = new Map<string, number[]>();

  /** @param tolerance - merge distance (per axis); also the grid cell size. */
  constructor(private readonly tolerance: number) {}

  /** Id of the vertex at (or within tolerance of) `p`, adding it when new. */
  idOf(p: Point): number {
    const cx = Math.floor(p[0] / this.tolerance);
    const cy = Math.floor(p[1] / this.tolerance);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const id of this.cells.get(`${cx + dx},${cy + dy}`) ?? []) {
          const q = this.points[id]!;
          if (Math.abs(q[0] - p[0]) <= this.tolerance && Math.abs(q[1] - p[1]) <= this.tolerance) return id;
        }
      }
    }
    const id = this.points.length;
    this.points.push(p);
    const key = `${cx},${cy}`;
    const cell = this.cells.get(key);
    if (cell) cell.push(id);
    else this.cells.set(key, [id]);
    return id;
  }
}
