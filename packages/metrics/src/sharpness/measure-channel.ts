import type { ChannelPlane } from "../images/channel-planes.js";
import { sortedMedian, sortedQuantile } from "../numeric/numpy-reductions.js";
import { detectEdges } from "./edge-map.js";
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

/** Marks the 3×3 neighbourhood of a rejected candidate as tried (its neighbours see the same edge piece). */
function markNeighbourhood(used: Uint8Array, width: number, index: number): void {
  for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) used[index + dy * width + dx] = 1;
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
      markNeighbourhood(used, plane.width, index);
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
