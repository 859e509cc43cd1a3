import type { Metric } from "@iqf/core";
import type { ExperimentInfo, MetricRunResult } from "@iqf/experiments";
import { ProgressBar } from "../progress-bar.js";

function describeValues(values: Readonly<Record<string, number>>): string {
  return Object.entries(values)
    .map(([key, value]) => `${key}=${Number.isFinite(value) ? Number(value.toPrecision(6)) : value}`)
    .join(" ");
}

/**
 * Applies each metric to every finished run of `info` (logging the values on the runs), prints
 * one line per run and metric (stdout unless `quiet`), reports failures on stderr and returns
 * the results per metric. A metric failing on a run does not stop the others.
 */
export async function applyMetrics(
  info: ExperimentInfo,
  metrics: readonly Metric[],
  options: { readonly gtPath?: string; readonly quiet?: boolean } = {},
): Promise<Map<string, MetricRunResult[]>> {
  const outcome = new Map<string, MetricRunResult[]>();
  for (const metric of metrics) {
    const bar = new ProgressBar(process.stderr);
    let results: MetricRunResult[];
    try {
      results = await info.applyMetricPerRun(metric, options.gtPath, { onProgress: bar.update });
    } finally {
      bar.clear();
    }
    outcome.set(metric.name, results);
    for (const result of results) {
      for (const f of result.failedImages ?? [])
        process.stderr.write(`iqf: ${metric.name} on ${result.name}: ${f.file}: ${f.error}\n`);
      if (result.error !== undefined)
        process.stderr.write(`iqf: ${metric.name} failed on ${result.name}: ${result.error}\n`);
      else if (!options.quiet)
        process.stdout.write(
          `[metric ${metric.name}] ${result.name} ${describeValues(result.values ?? {})}\n`,
        );
    }
    if (results.some((r) => r.error !== undefined || r.failedImages !== undefined)) process.exitCode = 1;
  }
  return outcome;
}
