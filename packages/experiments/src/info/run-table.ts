import { type ColumnTable, from } from "arquero";

/** A table cell: text, number, boolean or missing. */
export type TableValue = string | number | boolean | null;

/** One table row, keyed by column name. */
export type TableRow = Readonly<Record<string, TableValue>>;

/**
 * A table of runs as returned by `ExperimentInfo.getTable`: named columns and plain row
 * objects, exportable as CSV or JSON, or as an arquero table for further analysis.
 */
export class RunTable {
  /**
   * @param columns - column names, in display order.
   * @param rows - the rows; each has every column (missing values are `null`).
   */
  constructor(
    readonly columns: readonly string[],
    readonly rows: readonly TableRow[],
  ) {}

  /** Number of rows. */
  get size(): number {
    return this.rows.length;
  }

  /** The values of one column, in row order. */
  column(name: string): TableValue[] {
    return this.rows.map((row) => row[name] ?? null);
  }

  /** The table as an arquero `ColumnTable`. */
  toArquero(): ColumnTable {
    return from(
      this.rows.map((row) => Object.fromEntries(this.columns.map((name) => [name, row[name] ?? null]))),
    );
  }

  /** The table as CSV text (header line first, RFC 4180 quoting, empty cells for missing values). */
  toCSV(): string {
    const quote = (value: TableValue): string => {
      if (value === null) return "";
      const text = String(value);
      return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    };
    const lines = [
      this.columns.map(quote),
      ...this.rows.map((row) => this.columns.map((c) => quote(row[c] ?? null))),
    ];
    return `${lines.map((line) => line.join(",")).join("\n")}\n`;
  }

  /** The rows as a JSON array of objects (columns in order). */
  toJSON(): string {
    return JSON.stringify(
      this.rows.map((row) => Object.fromEntries(this.columns.map((name) => [name, row[name] ?? null]))),
      null,
      2,
    );
  }
}

/** Arithmetic mean. */
function mean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** Sample standard deviation (n - 1); `null` for fewer than two values. */
function sampleStd(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const average = mean(values);
  let squares = 0;
  for (const value of values) squares += (value - average) ** 2;
  return Math.sqrt(squares / (values.length - 1));
}

/**
 * Groups rows by the `keys` columns (groups sorted by key, numbers numerically) and replaces
 * each of the `values` columns by `<name>_mean` and `<name>_std` (sample std, `null` for a
 * single row); a `runs` column counts the rows of each group. Non-numeric values are ignored.
 */
export function groupTable(table: RunTable, keys: readonly string[], values: readonly string[]): RunTable {
  const groups = new Map<string, TableRow[]>();
  for (const row of table.rows) {
    const id = JSON.stringify(keys.map((key) => row[key] ?? null));
    const group = groups.get(id);
    if (group) group.push(row);
    else groups.set(id, [row]);
  }
  const compare = (a: TableValue, b: TableValue): number => {
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a ?? "").localeCompare(String(b ?? ""), "en");
  };
  const ordered = [...groups.values()].sort((a, b) => {
    for (const key of keys) {
      const order = compare(a[0]![key] ?? null, b[0]![key] ?? null);
      if (order !== 0) return order;
    }
    return 0;
  });
  const rows = ordered.map((group) => {
    const row: Record<string, TableValue> = {};
    for (const key of keys) row[key] = group[0]![key] ?? null;
    for (const name of values) {
      const numbers = group.map((r) => r[name]).filter((v): v is number => typeof v === "number");
      row[`${name}_mean`] = numbers.length > 0 ? mean(numbers) : null;
      row[`${name}_std`] = sampleStd(numbers);
    }
    row.runs = group.length;
    return row;
  });
  return new RunTable([...keys, ...values.flatMap((name) => [`${name}_mean`, `${name}_std`]), "runs"], rows);
}
