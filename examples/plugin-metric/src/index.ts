export { ConfidenceMetric } from "./confidence-metric.js";
