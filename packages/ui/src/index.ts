export { type CollectReportOptions, collectReport, degradationParam } from "./report/collect.js";
export { REPORT_CSP, renderReportHtml } from "./report/render-html.js";
export type {
  HistoryPoint,
  ReportData,
  ReportRobustness,
  ReportRun,
  ReportSample,
  RunFailure,
  SampleQuality,
} from "./report/report-data.js";
export { robustnessChartSpec } from "./report/robustness-chart.js";
export { buildReport, type ReportOptions, writeReport } from "./report/write-report.js";
export { type ApiAnswer, type ApiRun, answerApi, apiRun } from "./server/api.js";
export { type ArtifactFile, artifactSegments, findArtifactFile } from "./server/artifact-file.js";
export { allowedHostHeaders, isLoopback } from "./server/host-check.js";
export { APP_CSP, startUiServer, type UiServer, type UiServerOptions } from "./server/server.js";
