import type { ChartSpec } from "../render.js";
import { CHART_STYLE } from "./common.js";

/** Input of {@link histogramChart}: bins already computed (e.g. numpy-compatible edges). */
export interface HistogramChartInput {
  /** `counts.length + 1` ascending bin edges. */
  readonly binEdges: readonly number[];
  /** Values per bin. */
  readonly counts: readonly number[];
  /** Chart title. */
  readonly title: string;
  /** x-axis title (default `value`). */
  readonly xTitle?: string;
  /** y-axis title (default `count`). */
  readonly yTitle?: string;
}

/** Axis label expression: 3 significant digits, with SI prefixes (25.1k) for large values. */
function edgeLabels(edges: readonly number[]): string {
  const specifier = edges.some((edge) => Math.abs(edge) >= 1e4) ? ".3~s" : ".3~r";
  return `format(datum.value, '${specifier}')`;
}

/**
 * A histogram of pre-binned data as a vega-lite spec: one bar per bin spanning its edges, so
 * the plotted bins are exactly the ones given (no re-binning by the chart library).
 */
export function histogramChart(input: HistogramChartInput): ChartSpec {
  if (input.binEdges.length !== input.counts.length + 1) {
    throw new Error(`histogramChart: ${input.binEdges.length} bin edges for ${input.counts.length} counts`);
  }
  const values = input.counts.map((count, index) => ({
    start: input.binEdges[index]!,
    end: input.binEdges[index + 1]!,
    count,
  }));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: input.title,
    width: CHART_STYLE.width,
    height: CHART_STYLE.height,
    config: CHART_STYLE.config,
    data: { values },
    mark: { type: "bar", color: CHART_STYLE.color, stroke: "#ffffff", strokeWidth: 1 },
    encoding: {
      x: {
        field: "start",
        type: "quantitative",
        bin: { binned: true },
        title: input.xTitle ?? "value",
        axis: {
          values: [...input.binEdges],
          labelExpr: edgeLabels(input.binEdges),
          labelAngle: -45,
          grid: true,
        },
      },
      x2: { field: "end" },
      y: { field: "count", type: "quantitative", title: input.yTitle ?? "count", axis: { grid: true } },
    },
  };
}
