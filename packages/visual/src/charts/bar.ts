import type { ChartSpec } from "../render.js";
import { CHART_STYLE } from "./common.js";

/** Input of {@link horizontalBarChart}. */
export interface BarChartInput {
  /** Category labels, drawn top to bottom in this order. */
  readonly labels: readonly string[];
  /** One value per label. */
  readonly values: readonly number[];
  /** Chart title. */
  readonly title: string;
  /** Title of the value axis (default `value`). */
  readonly xTitle?: string;
}

/** Horizontal bars of values per category (class balance, area coverage), first label on top. */
export function horizontalBarChart(input: BarChartInput): ChartSpec {
  if (input.labels.length !== input.values.length) {
    throw new Error(`horizontalBarChart: ${input.labels.length} labels for ${input.values.length} values`);
  }
  const values = input.labels.map((label, index) => ({ label, value: input.values[index]!, order: index }));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: input.title,
    width: CHART_STYLE.width,
    height: { step: 16 },
    config: CHART_STYLE.config,
    data: { values },
    mark: { type: "bar", color: CHART_STYLE.color },
    encoding: {
      y: { field: "label", type: "nominal", sort: { field: "order" }, title: null },
      x: { field: "value", type: "quantitative", title: input.xTitle ?? "value", axis: { grid: true } },
      tooltip: [
        { field: "label", type: "nominal" },
        { field: "value", type: "quantitative" },
      ],
    },
  };
}
