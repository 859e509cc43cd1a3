import type { ChannelPlane } from "../images/channel-planes.js";
import { sortedMedian, sortedQuantile } from "../numeric/numpy-reductions.js";
import { detectEdges, type EdgeMap } from "./edge-map.js";
import { type EdgeDirection, type EdgeMeasurement, type EdgeRoiOptions, measureEdgeAt } from "./edge-roi.js";

/** The four per-edge figures, named as in iquaflow's keys. */
export const sharpnessFigures = ["RER", "FWHM", "MTF_NYQ", "MTF_halfNYQ"] as const;
/** One of {@link sharpnessFigures}. */
export type SharpnessFigure = (typeof sharpnessFigures)[number];
/** The three direction classes, in iquaflow's order. */
export const edgeDirections: readonly EdgeDirection[] = ["X", "Y", "other"];

/** Statistics of one figure over the edges of one direction (iquaflow's per-direction entry). */
export interface FigureStats {
  /** Mean over the edges. */
  readonly mean: number;
  /** Population standard deviation. */
  readonly std: number;
  /** Number of edges. */
  readonly length: number;
  /** Median. */
  readonly median: number;
  /** Interquartile range (75th − 25th percentile, linear). */
  readonly iqr: number;
}

/** Sharpness of one channel: statistics per figure and direction, plus the edges used. */
export interface ChannelSharpness {
  /** `stats[figure][direction]`, absent for a direction without edges. */
  readonly stats: Record<SharpnessFigure, Partial<Record<EdgeDirection, FigureStats>>>;
  /** Every accepted edge. */
  readonly edges: EdgeMeasurement[];
}

function figureOf(edge: EdgeMeasurement, figure: SharpnessFigure): number {
  switch (figure) {
    case "RER":
      return edge.rer;
    case "FWHM":
      return edge.fwhm;
    case "MTF_NYQ":
      return edge.mtfNyquist;
    case "MTF_halfNYQ":
      return edge.mtfHalfNyquist;
  }
}

/**
 * Marks a rejected candidate's edge piece as tried: the pixels within ±3 px along the edge and
 * ±1 px across it see (nearly) the same region, so they would be rejected for the same reason.
 */
function markRejected(used: Uint8Array, map: EdgeMap, width: number, height: number, index: number): void {
  const x0 = index % width;
  const y0 = (index - x0) / width;
  const m = map.magnitude[index]!;
  const tx = -map.gy[index]! / m;
  const ty = map.gx[index]! / m;
  for (let k = -3; k <= 3; k++) {
    for (let j = -1; j <= 1; j++) {
      const x = Math.round(x0 + k * tx - j * ty);
      const y = Math.round(y0 + k * ty + j * tx);
      if (x >= 0 && y >= 0 && x < width && y < height) used[y * width + x] = 1;
    }
  }
}

/** Mean, std (ddof 0), count, median and IQR of a list of values. */
export function figureStats(values: readonly number[]): FigureStats {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  let sum = 0;
  for (const v of sorted) sum += v;
  const mean = sum / n;
  let sq = 0;
  for (const v of sorted) sq += (v - mean) ** 2;
  return {
    mean,
    std: Math.sqrt(sq / n),
    length: n,
    median: sortedMedian(sorted),
    iqr: sortedQuantile(sorted, 0.75) - sortedQuantile(sorted, 0.25),
  };
}

/**
 * Finds and measures the straight edges of one channel. Candidates are the edge pixels,
 * strongest gradient first (ties by position), so the result is deterministic; the pixels of
 * each accepted edge are masked so no image area is measured twice.
 */
export function measureChannelSharpness(plane: ChannelPlane, options: EdgeRoiOptions): ChannelSharpness {
  const map = detectEdges(plane);
  const used = new Uint8Array(plane.width * plane.height);
  const edges: EdgeMeasurement[] = [];
  for (const index of map.edges) {
    if (used[index]) continue;
    const edge = measureEdgeAt(plane, map, index, options);
    if (!edge) {
      markRejected(used, map, plane.width, plane.height, index);
      continue;
    }
    edges.push(edge);
    for (const p of edge.pixels) used[p] = 1;
  }
  const stats = {} as Record<SharpnessFigure, Partial<Record<EdgeDirection, FigureStats>>>;
  for (const figure of sharpnessFigures) {
    stats[figure] = {};
    for (const direction of edgeDirections) {
      const values = edges.filter((e) => e.direction === direction).map((e) => figureOf(e, figure));
      if (values.length > 0) stats[figure][direction] = figureStats(values);
    }
  }
  return { stats, edges };
}
