import { resolve } from "node:path";
import { checkOutputParent, writeFileAtomic } from "@iqf/core";
import { ExperimentInfo } from "@iqf/experiments";
import type { TrackingStore } from "@iqf/tracking";
import { type CollectReportOptions, collectReport } from "./collect.js";
import { renderReportHtml } from "./render-html.js";

/** Options of {@link buildReport} and {@link writeReport}. */
export interface ReportOptions extends CollectReportOptions {
  /** Tracking store or URI; `MLFLOW_TRACKING_URI`, else `./mlruns`, when absent. */
  readonly tracking?: TrackingStore | string;
}

/** The self-contained HTML report of an experiment (see `renderReportHtml`), as text. */
export async function buildReport(experiment: string, options: ReportOptions = {}): Promise<string> {
  const { tracking, ...collect } = options;
  const info = await ExperimentInfo.open(experiment, tracking !== undefined ? { tracking } : {});
  return renderReportHtml(await collectReport(info, collect));
}

/**
 * Writes the experiment's self-contained HTML report to `output` atomically and returns the
 * absolute path and the size in bytes. The folder it goes into must exist (`OutputFolderMissing`).
 * @example
 * ```ts
 * await writeReport("quickstart", "report.html", { tracking: "./mlruns" });
 * ```
 */
export async function writeReport(
  experiment: string,
  output: string,
  options: ReportOptions = {},
): Promise<{ path: string; bytes: number }> {
  const path = resolve(output);
  await checkOutputParent(path);
  const html = await buildReport(experiment, options);
  await writeFileAtomic(path, html);
  return { path, bytes: Buffer.byteLength(html) };
}
