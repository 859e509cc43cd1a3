import { TrackingError } from "./errors.js";
import { assertValidKey } from "./keys.js";
import type { KeyValue, LogBatch, MetricInput, MetricRecord } from "./types.js";

/**
 * Checks and completes one metric to log: valid key, numeric value (NaN and ±Infinity allowed),
 * integer timestamp (now when absent) and step (0 when absent).
 * @param metric - the metric as given by the caller.
 * @param now - the time to use when no timestamp is given.
 */
export function normaliseMetric(metric: MetricInput, now: number = Date.now()): MetricRecord {
  assertValidKey(metric.key, "metric");
  if (typeof metric.value !== "number") {
    throw new TrackingError(
      "INVALID_PARAMETER_VALUE",
      `Metric '${metric.key}' must be a number, got ${JSON.stringify(metric.value)}.`,
    );
  }
  const timestamp = metric.timestamp ?? now;
  const step = metric.step ?? 0;
  for (const [name, value] of [
    ["timestamp", timestamp],
    ["step", step],
  ] as const) {
    if (!Number.isSafeInteger(value)) {
      throw new TrackingError(
        "INVALID_PARAMETER_VALUE",
        `Metric '${metric.key}': ${name} must be an integer, got ${value}.`,
      );
    }
  }
  return { key: metric.key, value: metric.value, timestamp, step };
}

function normaliseKeyValue(entry: KeyValue, kind: string): KeyValue {
  assertValidKey(entry.key, kind);
  if (typeof entry.value !== "string") {
    throw new TrackingError(
      "INVALID_PARAMETER_VALUE",
      `The value of ${kind} '${entry.key}' must be a string, got ${JSON.stringify(entry.value)}.`,
    );
  }
  return { key: entry.key, value: entry.value };
}

/** Checks and completes a batch (see {@link normaliseMetric}); params and tags must be strings with valid keys. */
export function normaliseBatch(batch: LogBatch): {
  metrics: MetricRecord[];
  params: KeyValue[];
  tags: KeyValue[];
} {
  const now = Date.now();
  return {
    metrics: (batch.metrics ?? []).map((metric) => normaliseMetric(metric, now)),
    params: (batch.params ?? []).map((param) => normaliseKeyValue(param, "param")),
    tags: (batch.tags ?? []).map((tag) => normaliseKeyValue(tag, "tag")),
  };
}
