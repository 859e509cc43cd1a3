/** Shared look of the chart builders: size, font and colour. */
export const CHART_STYLE = {
  width: 560,
  height: 400,
  color: "#4c78a8",
  config: { font: "DejaVu Sans, Arial, sans-serif", view: { stroke: "#dddddd" } },
} as const;
