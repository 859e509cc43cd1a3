import { InvalidParams, zodProblems } from "@iqf/core";
import type { RunStatus } from "@iqf/tracking";
import { z } from "zod";
import { RunTags } from "../tags.js";
import type { RunEntry } from "./run-entry.js";
import { groupTable, RunTable, type TableRow, type TableValue } from "./run-table.js";

/** How a column's values are converted. */
export type ColumnType = "number" | "integer" | "string";

/** Options of `ExperimentInfo.getTable` (iquaflow's `get_df`). */
export interface TableOptions {
  /** Param columns (e.g. `modifier`, `quality`, `lr`): read from params, then metrics. iquaflow's `ds_params`. */
  readonly params?: readonly string[];
  /** Metric columns (latest values): read from metrics, then params. */
  readonly metrics?: readonly string[];
  /** Runs of these statuses are included (default: FINISHED only). */
  readonly statuses?: readonly RunStatus[];
  /**
   * Group rows and aggregate every metric column into `<metric>_mean` / `<metric>_std`:
   * `true` groups by `name` and every param column (i.e. across repetitions), a list groups
   * by those columns.
   */
  readonly groupBy?: boolean | readonly string[];
  /** Drop runs missing any requested value (default true). */
  readonly dropNa?: boolean;
  /**
   * Conversions per column. By default text that reads as a number becomes a number;
   * `string` keeps the text, `integer` truncates.
   */
  readonly types?: Readonly<Record<string, ColumnType>>;
}

const optionsSchema = z.object({
  params: z.array(z.string().min(1)).optional(),
  metrics: z.array(z.string().min(1)).optional(),
  statuses: z.array(z.enum(["RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"])).optional(),
  groupBy: z.union([z.boolean(), z.array(z.string().min(1))]).optional(),
  dropNa: z.boolean().optional(),
  types: z.record(z.string(), z.enum(["number", "integer", "string"])).optional(),
});

const numberPattern = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$|^[-+]?(inf|nan)$/i;

function convert(value: string | number | undefined, type: ColumnType | undefined): TableValue {
  if (value === undefined) return null;
  if (type === "string") return String(value);
  if (typeof value === "number") return type === "integer" ? Math.trunc(value) : value;
  if (type === undefined && !numberPattern.test(value.trim())) return value;
  const number = Number(/^[-+]?inf$/i.test(value.trim()) ? value.trim().replace(/inf/i, "Infinity") : value);
  if (Number.isNaN(number) && !/nan/i.test(value)) {
    throw new InvalidParams("getTable", [`types: value "${value}" cannot be converted to a ${type}`]);
  }
  return type === "integer" ? Math.trunc(number) : number;
}

function builtinValue(entry: RunEntry, column: string): string | number | undefined {
  switch (column) {
    case "name":
      return entry.name;
    case "run_id":
      return entry.runId;
    case "status":
      return entry.status;
    case "repetition":
      return entry.repetition;
    default:
      return undefined;
  }
}

function lookup(entry: RunEntry, column: string, preferMetric: boolean): string | number | undefined {
  const metric = entry.metrics[column];
  const param = entry.params[column] ?? entry.tags[RunTags.hyperparameterPrefix + column];
  const first = preferMetric ? (metric ?? param) : (param ?? metric);
  return first ?? builtinValue(entry, column);
}

/**
 * Builds a table of runs: a `name` column, then the param columns, then the metric columns,
 * with values converted; optionally drops incomplete runs and groups repetitions.
 */
export function buildTable(entries: readonly RunEntry[], options: TableOptions = {}): RunTable {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new InvalidParams("getTable", zodProblems(parsed.error.issues));
  }
  const params = options.params ?? [];
  const metrics = options.metrics ?? [];
  const statuses = options.statuses ?? ["FINISHED"];
  const types = options.types ?? {};
  const columns = ["name", ...params.filter((c) => c !== "name"), ...metrics.filter((c) => c !== "name")];
  let rows: TableRow[] = entries
    .filter((entry) => statuses.includes(entry.status))
    .map((entry) => {
      const row: Record<string, TableValue> = { name: entry.name };
      for (const column of params) row[column] = convert(lookup(entry, column, false), types[column]);
      for (const column of metrics) row[column] = convert(lookup(entry, column, true), types[column]);
      return row;
    });
  if (options.dropNa ?? true) rows = rows.filter((row) => columns.every((column) => row[column] !== null));
  const table = new RunTable(columns, rows);
  if (options.groupBy === undefined || options.groupBy === false) return table;
  const keys = options.groupBy === true ? ["name", ...params] : [...options.groupBy];
  const unknown = keys.filter((key) => !columns.includes(key));
  if (unknown.length > 0) {
    throw new InvalidParams("getTable", [
      `groupBy: ${unknown.join(", ")} not among the table's columns (${columns.join(", ")}); add them to params`,
    ]);
  }
  return groupTable(
    table,
    keys,
    columns.filter((column) => !keys.includes(column) && column !== "name"),
  );
}
