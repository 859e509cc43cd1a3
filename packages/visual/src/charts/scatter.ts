import { countOf } from "@iqf/core";
import type { ChartSpec } from "../render.js";
import { CHART_STYLE } from "./common.js";

/** Input of {@link scatterChart}. */
export interface ScatterChartInput {
  /** x coordinates (NaN points are left out). */
  readonly x: ArrayLike<number>;
  /** y coordinates, same length as `x`. */
  readonly y: ArrayLike<number>;
  /** Chart title. */
  readonly title: string;
  /** x-axis title. */
  readonly xTitle: string;
  /** y-axis title. */
  readonly yTitle: string;
  /** Point opacity (default 0.8 up to 200 points, else 0.35). */
  readonly opacity?: number;
  /**
   * Above this many points (default 2000) the chart becomes a 2-D density plot (a 50×50 grid
   * of cells coloured by count), which stays readable and fast to render for big datasets.
   */
  readonly maxPoints?: number;
}

/** Cells per axis of the density plot. */
const DENSITY_CELLS = 50;

/** Range of the finite values at the given indices, widened when empty. */
function extent(values: ArrayLike<number>, indices: readonly number[]): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const index of indices) {
    const value = values[index]!;
    if (value < lo) lo = value;
    if (value > hi) hi = value;
  }
  return lo === hi ? [lo - 0.5, hi + 0.5] : [lo, hi];
}

/** Counts points per cell of a DENSITY_CELLS² grid; only non-empty cells are returned. */
function densityCells(input: ScatterChartInput, indices: readonly number[]) {
  const [x0, x1] = extent(input.x, indices);
  const [y0, y1] = extent(input.y, indices);
  const cellWidth = (x1 - x0) / DENSITY_CELLS;
  const cellHeight = (y1 - y0) / DENSITY_CELLS;
  const counts = new Uint32Array(DENSITY_CELLS * DENSITY_CELLS);
  for (const index of indices) {
    const column = Math.min(DENSITY_CELLS - 1, Math.floor((input.x[index]! - x0) / cellWidth));
    const row = Math.min(DENSITY_CELLS - 1, Math.floor((input.y[index]! - y0) / cellHeight));
    counts[row * DENSITY_CELLS + column]! += 1;
  }
  const cells: { x: number; x2: number; y: number; y2: number; count: number }[] = [];
  counts.forEach((count, cell) => {
    if (count === 0) return;
    const column = cell % DENSITY_CELLS;
    const row = Math.floor(cell / DENSITY_CELLS);
    cells.push({
      x: x0 + column * cellWidth,
      x2: x0 + (column + 1) * cellWidth,
      y: y0 + row * cellHeight,
      y2: y0 + (row + 1) * cellHeight,
      count,
    });
  });
  return cells;
}

/**
 * A scatter plot of two measurements (e.g. bounding-box width against height); for more than
 * `maxPoints` points, a density plot of the same axes.
 */
export function scatterChart(input: ScatterChartInput): ChartSpec {
  if (input.x.length !== input.y.length) {
    throw new Error(`scatterChart: ${input.x.length} x values for ${input.y.length} y values`);
  }
  const valid: number[] = [];
  for (let i = 0; i < input.x.length; i++) {
    if (Number.isFinite(input.x[i]) && Number.isFinite(input.y[i])) valid.push(i);
  }
  const common = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: CHART_STYLE.width,
    height: CHART_STYLE.height,
    config: CHART_STYLE.config,
  } as const;
  const xAxis = {
    title: input.xTitle,
    scale: { zero: false },
    axis: { labelExpr: "format(datum.value, ',~r')" },
  } as const;
  const yAxis = {
    title: input.yTitle,
    scale: { zero: false },
    axis: { labelExpr: "format(datum.value, ',~r')" },
  } as const;
  if (valid.length > (input.maxPoints ?? 2000)) {
    return {
      ...common,
      title: { text: input.title, subtitle: `density of ${countOf(valid.length, "point")}` },
      data: { values: densityCells(input, valid) },
      mark: { type: "rect" },
      encoding: {
        x: { field: "x", type: "quantitative", ...xAxis },
        x2: { field: "x2" },
        y: { field: "y", type: "quantitative", ...yAxis },
        y2: { field: "y2" },
        color: {
          field: "count",
          type: "quantitative",
          scale: { scheme: "blues", type: "log" },
          title: "points",
        },
      },
    };
  }
  return {
    ...common,
    title: input.title,
    data: { values: valid.map((index) => ({ x: input.x[index]!, y: input.y[index]! })) },
    mark: {
      type: "circle",
      color: CHART_STYLE.color,
      opacity: input.opacity ?? (valid.length <= 200 ? 0.8 : 0.35),
      size: 40,
    },
    encoding: {
      x: { field: "x", type: "quantitative", ...xAxis },
      y: { field: "y", type: "quantitative", ...yAxis },
    },
  };
}
