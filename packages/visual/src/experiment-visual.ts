import { extname } from "node:path";
import { InvalidParams, zodProblems } from "@iqf/core";
import { z } from "zod";
import { CHART_STYLE } from "./charts/common.js";
import { type ChartSpec, writeChart } from "./render.js";

/** A value in a plotted table. */
export type PlotValue = string | number | boolean | null;

/** One row of a plotted table (e.g. a row of `ExperimentInfo.getTable`). */
export type PlotRow = Readonly<Record<string, PlotValue>>;

/** Rows to plot: a list of rows, or any table object with a `rows` list (such as a `RunTable`). */
export type PlotTable = readonly PlotRow[] | { readonly rows: readonly PlotRow[] };

/** Chart kinds; iquaflow's `lineplot` and `bars` are accepted as aliases. */
export type PlotKind = "line" | "scatter" | "bar";

/** Options of {@link ExperimentVisual.visualize}. */
export interface VisualizeOptions {
  /** Column on the x axis. */
  readonly x: string;
  /** Column on the y axis (or, for a grouped table, the metric whose `<y>_mean` / `<y>_std` columns exist). */
  readonly y: string;
  /** Column whose values make one series each. */
  readonly legend?: string;
  /** Chart kind (default `line`). */
  readonly kind?: PlotKind | "lineplot" | "bars";
  /** Chart title. */
  readonly title?: string;
  /** x-axis title (default: the x column). */
  readonly xTitle?: string;
  /** y-axis title (default: the y column). */
  readonly yTitle?: string;
  /** Draw mean ± std (a band for lines, error bars otherwise) when points repeat; default true. */
  readonly meanStd?: boolean;
  /** Chart width in pixels. */
  readonly width?: number;
  /** Chart height in pixels. */
  readonly height?: number;
  /** Output file (`.png` or `.svg`); overrides the constructor's path. */
  readonly output?: string;
  /** Also write these formats beside the output file (e.g. `["svg", "png"]`). */
  readonly formats?: readonly ("png" | "svg")[];
}

/** What {@link ExperimentVisual.visualize} produced. */
export interface VisualizeResult {
  /** The vega-lite spec, reusable with `renderSvg` / `writeChart`. */
  readonly spec: ChartSpec;
  /** Files written (none without an output path). */
  readonly files: readonly string[];
}

const optionsSchema = z.object({
  x: z.string().min(1, "name the x column"),
  y: z.string().min(1, "name the y column"),
  legend: z.string().min(1).optional(),
  kind: z.enum(["line", "scatter", "bar", "lineplot", "bars"]).optional(),
  title: z.string().optional(),
  xTitle: z.string().optional(),
  yTitle: z.string().optional(),
  meanStd: z.boolean().optional(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  output: z.string().min(1).optional(),
  formats: z.array(z.enum(["png", "svg"])).optional(),
});

/** One plotted point: the mean of y at one (x, legend) value with its ± std range. */
export interface PlotPoint {
  /** The x value. */
  readonly x: PlotValue;
  /** The legend value (text; empty without a legend). */
  readonly series: string;
  /** Mean of y. */
  readonly y: number;
  /** Mean − std. */
  readonly lower: number;
  /** Mean + std. */
  readonly upper: number;
  /** Number of rows averaged. */
  readonly n: number;
}

function rowsOf(table: PlotTable): readonly PlotRow[] {
  return Array.isArray(table) ? table : (table as { rows: readonly PlotRow[] }).rows;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function sampleStd(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const average = mean(values);
  return Math.sqrt(values.reduce((sum, value) => sum + (value - average) ** 2, 0) / (values.length - 1));
}

/**
 * Aggregates rows into one point per (x, legend) value: the mean of y with its sample std, or
 * the `<y>_mean` / `<y>_std` columns of an already grouped table.
 */
export function plotPoints(rows: readonly PlotRow[], x: string, y: string, legend?: string): PlotPoint[] {
  const grouped = rows.length > 0 && `${y}_mean` in rows[0]! && !(y in rows[0]!);
  const groups = new Map<string, { x: PlotValue; series: string; values: number[]; std: number[] }>();
  for (const row of rows) {
    const value = grouped ? row[`${y}_mean`] : row[y];
    if (typeof value !== "number" || !Number.isFinite(value)) continue;
    const series = legend === undefined ? "" : String(row[legend] ?? "");
    const key = JSON.stringify([row[x] ?? null, series]);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { x: row[x] ?? null, series, values: [], std: [] }));
    group.values.push(value);
    const std = grouped ? row[`${y}_std`] : undefined;
    if (typeof std === "number" && Number.isFinite(std)) group.std.push(std);
  }
  return [...groups.values()].map((group) => {
    const average = mean(group.values);
    const spread = grouped && group.values.length === 1 ? (group.std[0] ?? 0) : sampleStd(group.values);
    return {
      x: group.x,
      series: group.series,
      y: average,
      lower: average - spread,
      upper: average + spread,
      n: group.values.length,
    };
  });
}

/**
 * iquaflow's `ExperimentVisual`: line, scatter and bar charts of a run table, one series per
 * legend value, with mean ± std when runs repeat; rendered with vega-lite to SVG or PNG.
 */
export class ExperimentVisual {
  /** The rows plotted. */
  readonly rows: readonly PlotRow[];

  /**
   * @param table - rows to plot (e.g. `info.getTable(...)`).
   * @param outputPath - default output file (`.png` or `.svg`); nothing is written without one.
   */
  constructor(
    table: PlotTable,
    readonly outputPath?: string,
  ) {
    this.rows = rowsOf(table);
  }

  /** Builds the vega-lite spec without writing anything. */
  spec(options: VisualizeOptions): ChartSpec {
    const parsed = optionsSchema.safeParse(options);
    if (!parsed.success) {
      throw new InvalidParams("ExperimentVisual.visualize", zodProblems(parsed.error.issues));
    }
    const columns = new Set(this.rows.flatMap((row) => Object.keys(row)));
    const missing = [options.x, options.legend]
      .filter((c): c is string => c !== undefined)
      .concat(columns.has(options.y) || columns.has(`${options.y}_mean`) ? [] : [options.y])
      .filter((column) => !columns.has(column));
    if (this.rows.length > 0 && missing.length > 0) {
      throw new InvalidParams("ExperimentVisual.visualize", [
        `column(s) ${missing.join(", ")} not in the table (columns: ${[...columns].join(", ")})`,
      ]);
    }
    const kind =
      options.kind === "lineplot" ? "line" : options.kind === "bars" ? "bar" : (options.kind ?? "line");
    const points = plotPoints(this.rows, options.x, options.y, options.legend);
    const band = (options.meanStd ?? true) && points.some((point) => point.upper > point.lower);
    const numericX = points.length > 0 && points.every((point) => typeof point.x === "number");
    const xType = kind !== "bar" && numericX ? "quantitative" : "ordinal";
    const xTitle = options.xTitle ?? options.x;
    const yTitle = options.yTitle ?? options.y;
    const color =
      options.legend === undefined
        ? { value: CHART_STYLE.color }
        : { field: "series", type: "nominal" as const, title: options.legend };
    const x = {
      field: "x",
      type: xType,
      title: xTitle,
      ...(xType === "quantitative" ? { scale: { zero: false } } : { axis: { labelAngle: 0 } }),
    };
    const y = { field: "y", type: "quantitative" as const, title: yTitle, scale: { zero: false } };
    const layers: object[] = [];
    if (band && kind === "line") {
      layers.push({
        mark: { type: "area", opacity: 0.2 },
        encoding: {
          x,
          y: { field: "lower", type: "quantitative", title: yTitle },
          y2: { field: "upper" },
          color,
        },
      });
    }
    if (kind === "bar") {
      layers.push({
        mark: { type: "bar" },
        encoding: {
          x,
          y: { ...y, scale: { zero: true } },
          color,
          ...(options.legend ? { xOffset: { field: "series" } } : {}),
        },
      });
    } else {
      layers.push({
        mark: kind === "line" ? { type: "line", point: true } : { type: "point", filled: true, size: 60 },
        encoding: { x, y, color, tooltip: [{ field: "x" }, { field: "y" }, { field: "n", title: "runs" }] },
      });
    }
    if (band && kind !== "line") {
      layers.push({
        mark: { type: "rule" },
        encoding: {
          x,
          y: { field: "lower", type: "quantitative", title: yTitle },
          y2: { field: "upper" },
          color,
          ...(kind === "bar" && options.legend ? { xOffset: { field: "series" } } : {}),
        },
      });
    }
    return {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      ...(options.title !== undefined ? { title: options.title } : {}),
      width: options.width ?? CHART_STYLE.width,
      height: options.height ?? CHART_STYLE.height,
      config: CHART_STYLE.config,
      data: { values: points },
      layer: layers,
    } as ChartSpec;
  }

  /** Builds the chart and writes it to the output path (and the extra formats); returns the spec and files. */
  async visualize(options: VisualizeOptions): Promise<VisualizeResult> {
    const spec = this.spec(options);
    const output = options.output ?? this.outputPath;
    if (output === undefined) return { spec, files: [] };
    const extension = extname(output).toLowerCase();
    const base = output.slice(0, output.length - extension.length);
    const targets = [output, ...(options.formats ?? []).map((format) => `${base}.${format}`)];
    const files: string[] = [];
    for (const target of new Set(targets)) files.push(await writeChart(spec, target));
    return { spec, files };
  }
}
