export type { BarChartInput } from "./charts/bar.js";
export { horizontalBarChart } from "./charts/bar.js";
export type { HistogramChartInput } from "./charts/histogram.js";
export { histogramChart } from "./charts/histogram.js";
export type { RobustnessChartInput, RobustnessChartLevel } from "./charts/robustness.js";
export { robustnessChart } from "./charts/robustness.js";
export type { RoseChartInput } from "./charts/rose.js";
export { roseChart, roseCounts } from "./charts/rose.js";
export type { ScatterChartInput } from "./charts/scatter.js";
export { scatterChart } from "./charts/scatter.js";
export type {
  PlotKind,
  PlotPoint,
  PlotRow,
  PlotTable,
  PlotValue,
  VisualizeOptions,
  VisualizeResult,
} from "./experiment-visual.js";
export { ExperimentVisual, plotPoints } from "./experiment-visual.js";
export type { ChartSpec } from "./render.js";
export { renderSvg, svgToPng, writeChart } from "./render.js";
