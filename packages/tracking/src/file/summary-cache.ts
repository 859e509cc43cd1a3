import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "@iqf/core";
import type { MetricRecord, Run, RunInfo } from "../types.js";

/**
 * Name of an experiment's run summary cache, a file beside its run folders. MLflow lists only the
 * sub-folders of an experiment folder as runs, so the file is invisible to it (as iqf's lock file is).
 */
const summaryCacheName = ".iqf-run-summaries.json";
const format = "iqf-run-summaries/1";

/** A cached run summary: the run as read and the stamp of its folder when it was read. */
export interface RunSummary {
  /** Digest of the run folder's stamp (see `stampRun`). */
  readonly stamp: string;
  /** The run. */
  readonly run: Run;
}

type EncodedValue = number | string;
interface EncodedSummary {
  readonly stamp: string;
  readonly info: RunInfo;
  readonly params: Record<string, string>;
  readonly tags: Record<string, string>;
  readonly metrics: [string, EncodedValue, number, number][];
}

/** JSON has no NaN, infinities or negative zero: those travel as text `Number()` reads back. */
function encodeValue(value: number): EncodedValue {
  if (Object.is(value, -0)) return "-0";
  return Number.isFinite(value) ? value : String(value);
}

function decodeValue(value: EncodedValue): number {
  return typeof value === "number" ? value : Number(value);
}

function encode({ stamp, run }: RunSummary): EncodedSummary {
  return {
    stamp,
    info: run.info,
    params: run.data.params,
    tags: run.data.tags,
    metrics: Object.values(run.data.metrics).map((metric) => [
      metric.key,
      encodeValue(metric.value),
      metric.timestamp,
      metric.step,
    ]),
  };
}

function isRecordOfStrings(value: unknown): value is Record<string, string> {
  return (
    typeof value === "object" &&
    value !== null &&
    Object.values(value).every((entry) => typeof entry === "string")
  );
}

function decode(entry: EncodedSummary): RunSummary | undefined {
  if (
    typeof entry?.stamp !== "string" ||
    typeof entry.info?.runId !== "string" ||
    !isRecordOfStrings(entry.params) ||
    !isRecordOfStrings(entry.tags) ||
    !Array.isArray(entry.metrics)
  ) {
    return undefined;
  }
  const metrics: Record<string, MetricRecord> = {};
  for (const [key, value, timestamp, step] of entry.metrics)
    metrics[key] = { key, value: decodeValue(value), timestamp, step };
  return {
    stamp: entry.stamp,
    run: { info: entry.info, data: { params: entry.params, metrics, tags: entry.tags } },
  };
}

/**
 * Reads an experiment's run summary cache: run folder name → summary. A missing, unreadable or
 * malformed cache is an empty one (it is only ever a shortcut; entries are checked before use).
 * @param experimentDir - the experiment folder.
 */
export function readSummaryCache(experimentDir: string): Map<string, RunSummary> {
  const summaries = new Map<string, RunSummary>();
  let parsed: { format?: unknown; runs?: Record<string, EncodedSummary> };
  try {
    parsed = JSON.parse(readFileSync(join(experimentDir, summaryCacheName), "utf8"));
  } catch {
    return summaries;
  }
  if (parsed?.format !== format || typeof parsed.runs !== "object" || parsed.runs === null) return summaries;
  for (const [folder, entry] of Object.entries(parsed.runs)) {
    const summary = decode(entry);
    if (summary !== undefined) summaries.set(folder, summary);
  }
  return summaries;
}

/**
 * Replaces an experiment's run summary cache (atomically). A store the process may not write to
 * (read-only folder or file system) is left as it is: the cache is an optimisation only.
 * @param experimentDir - the experiment folder.
 * @param summaries - run folder name → summary.
 */
export async function writeSummaryCache(
  experimentDir: string,
  summaries: ReadonlyMap<string, RunSummary>,
): Promise<void> {
  const runs: Record<string, EncodedSummary> = {};
  for (const [folder, summary] of summaries) runs[folder] = encode(summary);
  try {
    await writeFileAtomic(join(experimentDir, summaryCacheName), JSON.stringify({ format, runs }));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EACCES" && code !== "EPERM" && code !== "EROFS" && code !== "ENOENT") throw error;
  }
}
