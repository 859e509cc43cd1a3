import { parsePythonFloat } from "../file/metric-file.js";
import { isRunStatus } from "../status.js";
import type { Experiment, KeyValue, MetricRecord, Run, RunInfo } from "../types.js";

/** An experiment as MLflow's REST API returns it. */
export interface WireExperiment {
  experiment_id: string;
  name: string;
  artifact_location?: string;
  lifecycle_stage?: string;
  creation_time?: number | string;
  last_update_time?: number | string;
  tags?: KeyValue[];
}

/** Run info as MLflow's REST API returns it. */
export interface WireRunInfo {
  run_id?: string;
  run_uuid?: string;
  run_name?: string;
  experiment_id: string;
  user_id?: string;
  status?: string;
  start_time?: number | string;
  end_time?: number | string;
  artifact_uri?: string;
  lifecycle_stage?: string;
}

/** A metric as MLflow's REST API returns it (value may be `"NaN"`, `"Infinity"`, `"-Infinity"`). */
export interface WireMetric {
  key: string;
  value: number | string;
  timestamp?: number | string;
  step?: number | string;
}

/** A run as MLflow's REST API returns it. */
export interface WireRun {
  info: WireRunInfo;
  data?: { metrics?: WireMetric[]; params?: KeyValue[]; tags?: KeyValue[] };
}

/** Encodes a metric value for proto JSON: NaN and ±Infinity become the strings MLflow expects. */
export function encodeValue(value: number): number | string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "Infinity";
  if (value === Number.NEGATIVE_INFINITY) return "-Infinity";
  return value;
}

function decodeValue(value: number | string): number {
  return typeof value === "number" ? value : (parsePythonFloat(value) ?? Number.NaN);
}

function toNumber(value: number | string | undefined): number | undefined {
  return value === undefined ? undefined : Number(value);
}

function toRecord(pairs: readonly KeyValue[] | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  for (const { key, value } of pairs ?? []) record[key] = value;
  return record;
}

/** Converts a wire metric. */
export function toMetricRecord(metric: WireMetric): MetricRecord {
  return {
    key: metric.key,
    value: decodeValue(metric.value),
    timestamp: toNumber(metric.timestamp) ?? 0,
    step: toNumber(metric.step) ?? 0,
  };
}

/** Converts a wire experiment. */
export function toExperiment(experiment: WireExperiment): Experiment {
  const creationTime = toNumber(experiment.creation_time);
  const lastUpdateTime = toNumber(experiment.last_update_time);
  return {
    experimentId: String(experiment.experiment_id),
    name: experiment.name,
    artifactLocation: experiment.artifact_location ?? "",
    lifecycleStage: experiment.lifecycle_stage === "deleted" ? "deleted" : "active",
    ...(creationTime === undefined ? {} : { creationTime }),
    ...(lastUpdateTime === undefined ? {} : { lastUpdateTime }),
    tags: toRecord(experiment.tags),
  };
}

/** Converts wire run info (run name falls back to the `mlflow.runName` tag). */
export function toRunInfo(info: WireRunInfo, runNameTag?: string): RunInfo {
  const endTime = toNumber(info.end_time);
  return {
    runId: info.run_id ?? info.run_uuid ?? "",
    runName: info.run_name || runNameTag || "",
    experimentId: String(info.experiment_id),
    status: isRunStatus(info.status) ? info.status : "RUNNING",
    startTime: toNumber(info.start_time) ?? 0,
    ...(endTime === undefined ? {} : { endTime }),
    artifactUri: info.artifact_uri ?? "",
    lifecycleStage: info.lifecycle_stage === "deleted" ? "deleted" : "active",
    ...(info.user_id === undefined ? {} : { userId: info.user_id }),
  };
}

/** Converts a wire run. */
export function toRun(run: WireRun): Run {
  const tags = toRecord(run.data?.tags);
  const metrics: Record<string, MetricRecord> = {};
  for (const metric of run.data?.metrics ?? []) metrics[metric.key] = toMetricRecord(metric);
  return {
    info: toRunInfo(run.info, tags["mlflow.runName"]),
    data: { params: toRecord(run.data?.params), metrics, tags },
  };
}
