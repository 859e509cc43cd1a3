import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mapConcurrent } from "@iqf/core";
import { type ExperimentInfo, type RunEntry, RunTags } from "@iqf/experiments";
import type { TrackingStore } from "@iqf/tracking";
import type { HistoryPoint, ReportData, ReportRobustness, ReportRun, RunFailure } from "./report-data.js";
import { robustnessChartSpec } from "./robustness-chart.js";
import { collectSamples } from "./samples.js";

/** Options of {@link collectReport}. */
export interface CollectReportOptions {
  /** The degradation parameter (default: detected, see {@link degradationParam}). */
  readonly by?: string;
  /** Include before/after samples of the modified datasets (default true). */
  readonly samples?: boolean;
}

/** Artifact entries listed per run at most (deeper trees are cut). */
const MAX_ARTIFACTS = 200;
/** Lines of stderr kept for a failed run. */
const STDERR_LINES = 30;
/** Dataset params that are not degradation levels. */
const NOT_LEVELS = new Set(["ds_name", "modifier"]);
/** Metric names read as errors (lower is better). */
const ERROR_METRIC = /(loss|err|rmse|mse|mae|fwhm|distance)/i;

function hyperparameters(entries: readonly RunEntry[]): Set<string> {
  const names = new Set<string>();
  for (const entry of entries)
    for (const tag of Object.keys(entry.tags))
      if (tag.startsWith(RunTags.hyperparameterPrefix))
        names.add(tag.slice(RunTags.hyperparameterPrefix.length));
  return names;
}

/**
 * The degradation parameter of an experiment: the modifier param (not a hyperparameter, not a
 * `_val`/`_test` copy) with the most distinct values over the finished runs; `modifier` when
 * no such param varies but the modifier chain does; `null` when nothing varies.
 */
export function degradationParam(entries: readonly RunEntry[]): string | null {
  const finished = entries.filter((entry) => entry.status === "FINISHED");
  const grid = hyperparameters(finished);
  const values = new Map<string, Set<string>>();
  for (const entry of finished)
    for (const [key, value] of Object.entries(entry.params)) {
      if (grid.has(key) || NOT_LEVELS.has(key) || /_(val|test)$/.test(key)) continue;
      values.set(key, (values.get(key) ?? new Set()).add(value));
    }
  const candidates = [...values].filter(([, seen]) => seen.size > 1).sort((a, b) => b[1].size - a[1].size);
  if (candidates.length > 0) return candidates[0]![0];
  const modifiers = new Set(finished.map((entry) => entry.params.modifier ?? entry.tags[RunTags.modifier]));
  return modifiers.size > 1 ? "modifier" : null;
}

async function listFiles(store: TrackingStore, runId: string): Promise<ReportRun["artifacts"]> {
  const files: { path: string; size: number | null }[] = [];
  const folders = [""];
  while (folders.length > 0 && files.length < MAX_ARTIFACTS) {
    const folder = folders.shift()!;
    for (const item of await store.listArtifacts(runId, folder)) {
      if (item.isDir) folders.push(item.path);
      else files.push({ path: item.path, size: item.fileSize ?? null });
    }
  }
  return files.slice(0, MAX_ARTIFACTS).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function stderrTail(
  store: TrackingStore,
  runId: string,
  artifacts: ReportRun["artifacts"],
): Promise<string> {
  if (!artifacts.some((file) => file.path === "logs/stderr.txt")) return "";
  const scratch = await mkdtemp(join(tmpdir(), "iqf-report-"));
  try {
    const text = await readFile(await store.downloadArtifacts(runId, "logs/stderr.txt", scratch), "utf8");
    return text.trimEnd().split("\n").slice(-STDERR_LINES).join("\n");
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function failureOf(
  store: TrackingStore,
  entry: RunEntry,
  artifacts: ReportRun["artifacts"],
): Promise<RunFailure | undefined> {
  if (entry.status !== "FAILED" && entry.status !== "KILLED") return undefined;
  return {
    reason: entry.tags[RunTags.failure] ?? "unknown",
    detail: entry.tags[RunTags.failureDetail] ?? "",
    stderrTail: await stderrTail(store, entry.runId, artifacts),
  };
}

async function histories(store: TrackingStore, entry: RunEntry): Promise<Record<string, HistoryPoint[]>> {
  const result: Record<string, HistoryPoint[]> = {};
  for (const key of Object.keys(entry.metrics).sort()) {
    const records = await store.getMetricHistory(entry.runId, key);
    if (records.length > 1) result[key] = records.map(({ step, value }) => ({ step, value }));
  }
  return result;
}

async function reportRun(store: TrackingStore, entry: RunEntry): Promise<ReportRun> {
  const artifacts = await listFiles(store, entry.runId);
  const failure = await failureOf(store, entry, artifacts);
  return {
    id: entry.runId,
    name: entry.name,
    status: entry.status,
    start: entry.startTime,
    durationMs: entry.endTime !== undefined ? entry.endTime - entry.startTime : null,
    params: entry.params,
    metrics: entry.metrics,
    histories: await histories(store, entry),
    artifacts,
    ...(failure ? { failure } : {}),
  };
}

function robustnessSections(
  info: ExperimentInfo,
  by: string | null,
  metrics: readonly string[],
): ReportRobustness[] {
  if (by === null) return [];
  const sections: ReportRobustness[] = [];
  for (const metric of metrics) {
    try {
      const summary = info.robustness({ metric, by, higherIsBetter: !ERROR_METRIC.test(metric) });
      sections.push({ summary, chart: robustnessChartSpec(summary) });
    } catch {
      // a metric that the runs of no level have is left out of the robustness sections
    }
  }
  return sections;
}

/**
 * Reads everything the experiment report shows from an opened experiment: counts, total run
 * time, one robustness section per metric that varies over the finished runs (metrics named like errors —
 * loss, rmse, … — count as lower-is-better), every run with its params, metrics, metric
 * histories, artifacts and failure, and before/after samples of the modified datasets.
 */
export async function collectReport(
  info: ExperimentInfo,
  options: CollectReportOptions = {},
): Promise<ReportData> {
  const entries = info.runs;
  const counts: Record<string, number> = {};
  for (const entry of entries) counts[entry.status] = (counts[entry.status] ?? 0) + 1;
  const runs = await mapConcurrent(entries, 4, (entry) => reportRun(info.store, entry));
  const totalRunMs = runs.reduce((sum, run) => sum + (run.durationMs ?? 0), 0);
  const metricColumns = [...new Set(entries.flatMap((entry) => Object.keys(entry.metrics)))].sort();
  const paramColumns = [...new Set(entries.flatMap((entry) => Object.keys(entry.params)))].sort();
  const by = options.by ?? degradationParam(entries);
  const varyingMetrics = metricColumns.filter((metric) => {
    const values = entries
      .filter((entry) => entry.status === "FINISHED")
      .map((entry) => entry.metrics[metric])
      .filter((value): value is number => Number.isFinite(value));
    return new Set(values).size > 1;
  });
  return {
    experiment: { id: info.experiment.experimentId, name: info.experiment.name },
    store: info.store.uri,
    generatedAt: new Date().toISOString(),
    counts,
    totalRunMs,
    by,
    robustness: robustnessSections(info, by, varyingMetrics),
    paramColumns,
    metricColumns,
    runs,
    samples: options.samples === false ? [] : await collectSamples(entries),
  };
}
