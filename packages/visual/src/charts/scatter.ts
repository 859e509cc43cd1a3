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
  /** Point opacity (default 0.2). */
  readonly opacity?: number;
  /**
   * At most this many points are drawn (default 5000), taken at an even stride so the plot
   * stays light for big datasets; the subtitle then says how many of how many are shown.
   */
  readonly maxPoints?: number;
}

/** A scatter plot of two measurements (e.g. bounding-box width against height). */
export function scatterChart(input: ScatterChartInput): ChartSpec {
  if (input.x.length !== input.y.length) {
    throw new Error(`scatterChart: ${input.x.length} x values for ${input.y.length} y values`);
  }
  const valid: number[] = [];
  for (let i = 0; i < input.x.length; i++) {
    if (Number.isFinite(input.x[i]) && Number.isFinite(input.y[i])) valid.push(i);
  }
  const maxPoints = input.maxPoints ?? 5000;
  const stride = Math.max(1, Math.ceil(valid.length / maxPoints));
  const values: { x: number; y: number }[] = [];
  for (let k = 0; k < valid.length; k += stride)
    values.push({ x: input.x[valid[k]!]!, y: input.y[valid[k]!]! });
  const title =
    stride > 1
      ? { text: input.title, subtitle: `${values.length} of ${valid.length} points shown` }
      : { text: input.title };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    width: CHART_STYLE.width,
    height: CHART_STYLE.height,
    config: CHART_STYLE.config,
    data: { values },
    mark: { type: "circle", color: CHART_STYLE.color, opacity: input.opacity ?? 0.2, size: 40 },
    encoding: {
      x: {
        field: "x",
        type: "quantitative",
        title: input.xTitle,
        scale: { zero: false },
        axis: { format: "~g" },
      },
      y: {
        field: "y",
        type: "quantitative",
        title: input.yTitle,
        scale: { zero: false },
        axis: { format: "~g" },
      },
    },
  };
}
