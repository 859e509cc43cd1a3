export { ConfidenceMetric } from "./confidence-metric.js";
export { plugin, plugin as default } from "./plugin.js";
