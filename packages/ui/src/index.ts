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
export { buildReport, type ReportOptions, writeReport } from "./report/write-report.js";
