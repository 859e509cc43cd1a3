export type { ChartSpec } from "./render.js";
export { renderSvg, svgToPng, writeChart } from "./render.js";
