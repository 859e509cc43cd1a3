import { InvalidParams, type IqfError } from "@iqf/core";
import type { Experiment, Run, TrackingStore } from "@iqf/tracking";
import type { Command } from "commander";
import { openCliTrackingStore } from "../tracking-store.js";

/** Output formats of `iqf runs`. */
const runFormats = ["json", "csv", "table"] as const;
type RunFormat = (typeof runFormats)[number];

interface RunsOptions {
  readonly trackingUri?: string;
  readonly format: string;
}

/** One run as `iqf runs --format json` prints it. */
interface RunRow {
  run_id: string;
  run_name: string;
  status: string;
  start_time: number;
  end_time: number | null;
  params: Record<string, string>;
  metrics: Record<string, number | string>;
  tags: Record<string, string>;
}

/** A metric value for JSON output: NaN and ±Infinity as MLflow's proto-JSON strings. */
function jsonNumber(value: number): number | string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "Infinity";
  if (value === Number.NEGATIVE_INFINITY) return "-Infinity";
  return value;
}

function toRow(run: Run): RunRow {
  const metrics: Record<string, number | string> = {};
  for (const [key, metric] of Object.entries(run.data.metrics)) metrics[key] = jsonNumber(metric.value);
  return {
    run_id: run.info.runId,
    run_name: run.info.runName,
    status: run.info.status,
    start_time: run.info.startTime,
    end_time: run.info.endTime ?? null,
    params: { ...run.data.params },
    metrics,
    tags: { ...run.data.tags },
  };
}

/** Quotes one CSV field as RFC 4180 requires (fields with `,`, `"`, CR or LF are quoted, `"` doubled). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Formats rows as RFC 4180 CSV (CRLF line ends, a header row first). */
export function formatCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((cells) => `${cells.map(csvField).join(",")}\r\n`).join("");
}

/** Formats rows as a text table whose columns are aligned with spaces, with a dashed line under the header. */
export function formatTextTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const clean = (cell: string) => cell.replace(/[\r\n\t]+/g, " ");
  const cells = [header, ...rows].map((row) => row.map(clean));
  const widths = header.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? "").length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join("  ")
      .trimEnd();
  return [line(cells[0]!), widths.map((width) => "-".repeat(width)).join("  "), ...cells.slice(1).map(line)]
    .map((text) => `${text}\n`)
    .join("");
}

function sortedKeys(rows: readonly RunRow[], pick: (row: RunRow) => Record<string, unknown>): string[] {
  const keys = new Set<string>();
  for (const row of rows) for (const key of Object.keys(pick(row))) keys.add(key);
  return [...keys].sort();
}

function flatColumns(rows: readonly RunRow[], includeTags: boolean) {
  const params = sortedKeys(rows, (row) => row.params);
  const metrics = sortedKeys(rows, (row) => row.metrics);
  const tags = includeTags ? sortedKeys(rows, (row) => row.tags) : [];
  const header = [
    ...params.map((key) => `params.${key}`),
    ...metrics.map((key) => `metrics.${key}`),
    ...tags.map((key) => `tags.${key}`),
  ];
  const cells = (row: RunRow) => [
    ...params.map((key) => row.params[key] ?? ""),
    ...metrics.map((key) => (row.metrics[key] === undefined ? "" : String(row.metrics[key]))),
    ...tags.map((key) => row.tags[key] ?? ""),
  ];
  return { header, cells };
}

function formatRuns(rows: readonly RunRow[], format: RunFormat): string {
  if (format === "json") return `${JSON.stringify(rows, null, 2)}\n`;
  if (format === "csv") {
    const { header, cells } = flatColumns(rows, true);
    return formatCsv(
      ["run_id", "run_name", "status", "start_time", "end_time", ...header],
      rows.map((row) => [
        row.run_id,
        row.run_name,
        row.status,
        String(row.start_time),
        row.end_time === null ? "" : String(row.end_time),
        ...cells(row),
      ]),
    );
  }
  const { header, cells } = flatColumns(rows, false);
  const time = (ms: number | null) =>
    ms === null ? "" : new Date(ms).toISOString().replace("T", " ").slice(0, 19);
  return formatTextTable(
    ["run_id", "run_name", "status", "start_time", "end_time", ...header],
    rows.map((row) => [
      row.run_id,
      row.run_name,
      row.status,
      time(row.start_time),
      time(row.end_time),
      ...cells(row),
    ]),
  );
}

/**
 * Finds an experiment by name (or, failing that, by id); an unknown one is an error that lists
 * the known experiment names.
 * @param store - the tracking store.
 * @param nameOrId - experiment name or id.
 */
export async function findExperiment(store: TrackingStore, nameOrId: string): Promise<Experiment> {
  const { TrackingError, redactUri } = await import("@iqf/tracking");
  const byName = await store.getExperimentByName(nameOrId);
  if (byName !== undefined) return byName;
  const known = await store.listExperiments({ viewType: "ALL" });
  const byId = known.find((experiment) => experiment.experimentId === nameOrId);
  if (byId !== undefined) return byId;
  const names = known.map((experiment) => `'${experiment.name}'`).sort();
  throw new TrackingError(
    "RESOURCE_DOES_NOT_EXIST",
    `No experiment named '${nameOrId}' in ${redactUri(store.uri)}. ` +
      (names.length > 0 ? `Known experiments: ${names.join(", ")}.` : "The store has no experiments."),
  );
}

/**
 * Registers `iqf runs <experiment> [--tracking-uri U] [--format json|csv|table]`: lists the runs of
 * an experiment (by name or id) with their params, latest metrics and tags. Runs whose files are
 * malformed are reported on stderr (file and line) and the others are still listed; the exit code
 * is then 1.
 */
export function registerRuns(program: Command): void {
  program
    .command("runs")
    .description("list the runs of an experiment with their params, latest metrics and tags")
    .argument("<experiment>", "experiment name (or id)")
    .option(
      "--tracking-uri <uri>",
      "tracking store: a folder, file:// URI or http(s):// MLflow server (default: MLFLOW_TRACKING_URI, else ./mlruns)",
    )
    .option("--format <format>", `output format: ${runFormats.join(", ")}`, "table")
    .action(async (experimentName: string, options: RunsOptions) => {
      if (!(runFormats as readonly string[]).includes(options.format)) {
        throw new InvalidParams("iqf runs", [
          `--format must be one of ${runFormats.join(", ")}, got '${options.format}'`,
        ]);
      }
      // Loaded on use, so that other commands do not pay for it at start-up.
      const store = await openCliTrackingStore(options.trackingUri);
      const experiment = await findExperiment(store, experimentName);
      const invalid: IqfError[] = [];
      const runs = await store.searchRuns({
        experimentIds: [experiment.experimentId],
        onInvalidRun: (error) => invalid.push(error),
      });
      for (const error of invalid) process.stderr.write(`iqf: skipped a run: ${error.message}\n`);
      if (invalid.length > 0) process.exitCode = 1;
      process.stdout.write(formatRuns(runs.map(toRow), options.format as RunFormat));
    });
}
