import { InvalidParams, zodProblems } from "@iqf/core";
import { z } from "zod";
import { RunTags } from "../tags.js";
import type { RunEntry } from "./run-entry.js";

/** Options of `ExperimentInfo.robustness`. */
export interface RobustnessOptions {
  /** The metric summarised (latest value of each run), e.g. `psnr`. */
  readonly metric: string;
  /** The degradation parameter whose levels are compared, e.g. `quality`, `sigma`, or `modifier`. */
  readonly by: string;
  /**
   * The reference runs, as `param=value` (e.g. `quality=90`, `modifier=none`). Default: the
   * pristine runs (modifier `none`) when the experiment has them, else the best level.
   */
  readonly reference?: string;
  /** Whether a larger metric is better (default true); for errors (`rmse`) give `false`. */
  readonly higherIsBetter?: boolean;
}

/** A level of the degradation parameter: number when every level reads as a number. */
export type RobustnessLevel = number | string;

/** Statistics of the metric at one level. */
export interface LevelSummary {
  /** The level (e.g. quality 30). */
  readonly level: RobustnessLevel;
  /** Mean of the metric over the level's runs. */
  readonly mean: number;
  /** Sample standard deviation (n − 1); `null` for a single run. */
  readonly std: number | null;
  /** Number of runs (repetitions and other grid parameters pooled). */
  readonly runs: number;
  /**
   * Relative performance: mean / reference mean (reference mean / mean when lower is better),
   * so 1 is as good as the reference and smaller is worse.
   */
  readonly relative: number;
}

/** Where the reference performance comes from. */
export interface ReferenceSummary {
  /** `pristine` (modifier `none` runs), `best` (the best level) or `given` (the `reference` option). */
  readonly kind: "pristine" | "best" | "given";
  /** The reference as `param=value`. */
  readonly label: string;
  /** Mean of the metric over the reference runs. */
  readonly mean: number;
  /** Sample standard deviation; `null` for a single run. */
  readonly std: number | null;
  /** Number of reference runs. */
  readonly runs: number;
}

/** Where relative performance first falls below a threshold, walking from the mildest level. */
export interface BreakingPoint {
  /** The threshold of relative performance (0.95 or 0.9). */
  readonly threshold: number;
  /**
   * The level where the threshold is crossed, linearly interpolated between the two levels
   * around it (numeric levels), or the first level below it (text levels, or already the
   * mildest level); `null` when it is never reached.
   */
  readonly level: RobustnessLevel | null;
  /** The two levels the crossing lies between (`null` when not interpolated). */
  readonly between: readonly [RobustnessLevel, RobustnessLevel] | null;
}

/** Whether the metric changes monotonically with the level. */
export interface Monotonicity {
  /** True when every step between consecutive levels goes the same way (ties allowed). */
  readonly monotonic: boolean;
  /** How the metric moves as the level value increases (overall, first to last level). */
  readonly trend: "increasing" | "decreasing" | "constant";
  /** The first level (in level order) whose step goes against the trend; `null` when monotonic. */
  readonly breaksAt: RobustnessLevel | null;
}

/** The robustness analysis of one group of runs. */
export interface RobustnessCurve {
  /** The reference the relative performance is measured against. */
  readonly reference: ReferenceSummary;
  /** The levels in level order (numbers ascending; text in grid order). */
  readonly levels: readonly LevelSummary[];
  /** Order from the mildest to the most severe level: `ascending` when larger levels degrade more. */
  readonly severity: "ascending" | "descending";
  /**
   * Area under the relative-performance curve (trapezoidal, on the parameter's own axis; text
   * levels equally spaced), divided by the axis span, with relative performance capped at 1:
   * 1 means no loss anywhere, 0 total loss. A single level gives its capped relative performance.
   */
  readonly auc: number;
  /** Breaking points at 95 % and 90 % relative performance. */
  readonly breakingPoints: readonly BreakingPoint[];
  /** Monotonicity of the metric over the levels. */
  readonly monotonicity: Monotonicity;
}

/** One series: the runs sharing the values of the other grid parameters. */
export interface RobustnessSeries extends RobustnessCurve {
  /** The other grid parameters' values (e.g. `{ scale: "2" }`). */
  readonly params: Readonly<Record<string, string>>;
}

/** The robustness summary of a metric against a degradation parameter. */
export interface RobustnessSummary extends RobustnessCurve {
  /** The metric. */
  readonly metric: string;
  /** The degradation parameter. */
  readonly by: string;
  /** Whether a larger metric is better. */
  readonly higherIsBetter: boolean;
  /** The same analysis per combination of the other grid parameters (empty when there are none). */
  readonly series: readonly RobustnessSeries[];
}

/** Thresholds of relative performance reported as breaking points. */
export const breakingThresholds: readonly number[] = [0.95, 0.9];

const optionsSchema = z.strictObject({
  metric: z.string().min(1),
  by: z.string().min(1),
  reference: z
    .string()
    .regex(/^[^=]+=.+$/, "must read param=value, e.g. quality=90 or modifier=none")
    .optional(),
  higherIsBetter: z.boolean().optional(),
});

interface Observation {
  readonly entry: RunEntry;
  readonly value: number;
}

/** A run's value of a parameter: params, then `iqf.hp.*` tags, then the modifier tag. */
function paramOf(entry: RunEntry, name: string): string | undefined {
  return (
    entry.params[name] ??
    entry.tags[RunTags.hyperparameterPrefix + name] ??
    (name === "modifier" ? entry.tags[RunTags.modifier] : undefined)
  );
}

function isPristine(entry: RunEntry): boolean {
  return paramOf(entry, "modifier") === "none";
}

function sameValue(text: string, wanted: string): boolean {
  if (text === wanted) return true;
  const a = Number(text);
  const b = Number(wanted);
  return text.trim() !== "" && wanted.trim() !== "" && Number.isFinite(a) && a === b;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function sampleStd(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const average = mean(values);
  return Math.sqrt(values.reduce((sum, value) => sum + (value - average) ** 2, 0) / (values.length - 1));
}

interface LevelGroup {
  readonly level: RobustnessLevel;
  readonly values: number[];
}

/** Groups observations by level, numbers ascending when every level is numeric, else first-seen order. */
function groupLevels(observations: readonly Observation[], by: string): LevelGroup[] {
  const groups = new Map<string, number[]>();
  for (const { entry, value } of observations) {
    const level = paramOf(entry, by);
    if (level === undefined) continue;
    const values = groups.get(level);
    if (values) values.push(value);
    else groups.set(level, [value]);
  }
  const keys = [...groups.keys()];
  const numeric = keys.length > 0 && keys.every((key) => key.trim() !== "" && Number.isFinite(Number(key)));
  const levels = keys.map((key) => ({ level: numeric ? Number(key) : key, values: groups.get(key)! }));
  if (numeric) levels.sort((a, b) => (a.level as number) - (b.level as number));
  return levels;
}

/** Position of each level on its axis: the number itself, or the index for text levels. */
function axis(levels: readonly LevelSummary[]): number[] {
  return levels.map((level, index) => (typeof level.level === "number" ? level.level : index));
}

function trapezoidAuc(levels: readonly LevelSummary[]): number {
  const capped = levels.map((level) => Math.max(0, Math.min(1, level.relative)));
  if (levels.length === 1) return capped[0]!;
  const x = axis(levels);
  const span = x[x.length - 1]! - x[0]!;
  if (span === 0) return mean(capped);
  let area = 0;
  for (let i = 1; i < levels.length; i++) area += ((capped[i - 1]! + capped[i]!) / 2) * (x[i]! - x[i - 1]!);
  return area / span;
}

function breakingPoint(ordered: readonly LevelSummary[], threshold: number): BreakingPoint {
  const index = ordered.findIndex((level) => level.relative < threshold);
  if (index < 0) return { threshold, level: null, between: null };
  const below = ordered[index]!;
  if (index === 0 || typeof below.level !== "number") return { threshold, level: below.level, between: null };
  const above = ordered[index - 1]!;
  const fraction = (above.relative - threshold) / (above.relative - below.relative);
  const level = (above.level as number) + fraction * (below.level - (above.level as number));
  return { threshold, level, between: [above.level, below.level] };
}

function monotonicity(levels: readonly LevelSummary[]): Monotonicity {
  const first = levels[0]?.mean ?? 0;
  const last = levels[levels.length - 1]?.mean ?? 0;
  const trend = last > first ? "increasing" : last < first ? "decreasing" : "constant";
  const sign = trend === "increasing" ? 1 : trend === "decreasing" ? -1 : 0;
  for (let i = 1; i < levels.length; i++) {
    const step = Math.sign(levels[i]!.mean - levels[i - 1]!.mean);
    if (step !== 0 && step !== sign) return { monotonic: false, trend, breaksAt: levels[i]!.level };
  }
  return { monotonic: true, trend, breaksAt: null };
}

interface ReferenceRuns {
  readonly kind: "given" | "pristine";
  readonly label: string;
  readonly matches: (entry: RunEntry) => boolean;
}

/** Analyses one group of observations against its reference. */
function analyse(
  observations: readonly Observation[],
  by: string,
  higherIsBetter: boolean,
  reference: ReferenceRuns | undefined,
): RobustnessCurve | undefined {
  const groups = groupLevels(observations, by);
  if (groups.length === 0) return undefined;
  let referenceSummary: ReferenceSummary;
  const referenceValues = reference
    ? observations.filter((o) => reference.matches(o.entry)).map((o) => o.value)
    : [];
  if (reference && referenceValues.length > 0) {
    referenceSummary = {
      kind: reference.kind,
      label: reference.label,
      mean: mean(referenceValues),
      std: sampleStd(referenceValues),
      runs: referenceValues.length,
    };
  } else {
    const better = (a: number, b: number): boolean => (higherIsBetter ? a > b : a < b);
    const best = groups.reduce((chosen, group) =>
      better(mean(group.values), mean(chosen.values)) ? group : chosen,
    );
    referenceSummary = {
      kind: "best",
      label: `${by}=${best.level}`,
      mean: mean(best.values),
      std: sampleStd(best.values),
      runs: best.values.length,
    };
  }
  const levels: LevelSummary[] = groups.map(({ level, values }) => {
    const average = mean(values);
    return {
      level,
      mean: average,
      std: sampleStd(values),
      runs: values.length,
      relative: higherIsBetter ? average / referenceSummary.mean : referenceSummary.mean / average,
    };
  });
  const ascending = levels[0]!.relative >= levels[levels.length - 1]!.relative;
  const ordered = ascending ? levels : [...levels].reverse();
  return {
    reference: referenceSummary,
    levels,
    severity: ascending ? "ascending" : "descending",
    auc: trapezoidAuc(levels),
    breakingPoints: breakingThresholds.map((threshold) => breakingPoint(ordered, threshold)),
    monotonicity: monotonicity(levels),
  };
}

function referenceRuns(option: string | undefined, entries: readonly RunEntry[]): ReferenceRuns | undefined {
  if (option !== undefined) {
    const at = option.indexOf("=");
    const param = option.slice(0, at).trim();
    const value = option.slice(at + 1).trim();
    const matches = (entry: RunEntry): boolean => {
      const own = paramOf(entry, param);
      return own !== undefined && sameValue(own, value);
    };
    return { kind: "given", label: `${param}=${value}`, matches };
  }
  return entries.some(isPristine)
    ? { kind: "pristine", label: "modifier=none", matches: isPristine }
    : undefined;
}

/** The grid's hyperparameters (`iqf.hp.*` tags) other than `by` that take more than one value. */
function otherGridParams(entries: readonly RunEntry[], by: string): string[] {
  const values = new Map<string, Set<string>>();
  for (const entry of entries)
    for (const [tag, value] of Object.entries(entry.tags)) {
      if (!tag.startsWith(RunTags.hyperparameterPrefix)) continue;
      const name = tag.slice(RunTags.hyperparameterPrefix.length);
      const seen = values.get(name) ?? new Set<string>();
      values.set(name, seen.add(value));
    }
  return [...values]
    .filter(([name, seen]) => name !== by && seen.size > 1)
    .map(([name]) => name)
    .sort();
}

/**
 * Summarises how a metric degrades with a degradation parameter over the FINISHED runs that
 * have the metric: per level mean, std, runs and relative performance to the reference, the
 * normalised area under the relative-performance curve, the breaking points at 95 % and 90 %,
 * and monotonicity; the same per combination of the other grid parameters (those with more than one value) in
 * `series`.
 * Throws `InvalidParams` when no finished run has the metric, or none has the parameter.
 */
export function robustnessSummary(
  entries: readonly RunEntry[],
  options: RobustnessOptions,
): RobustnessSummary {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new InvalidParams("robustness", zodProblems(parsed.error.issues));
  }
  const { metric, by } = options;
  const higherIsBetter = options.higherIsBetter ?? true;
  const observations: Observation[] = entries
    .filter((entry) => entry.status === "FINISHED" && Number.isFinite(entry.metrics[metric]))
    .map((entry) => ({ entry, value: entry.metrics[metric]! }));
  if (observations.length === 0) {
    throw new InvalidParams("robustness", [`metric: no finished run has a metric "${metric}"`]);
  }
  const reference = referenceRuns(options.reference, entries);
  if (options.reference !== undefined && !observations.some((o) => reference!.matches(o.entry))) {
    throw new InvalidParams("robustness", [
      `reference: no finished run with "${metric}" has ${options.reference}; check the parameter and value`,
    ]);
  }
  const overall = analyse(observations, by, higherIsBetter, reference);
  if (overall === undefined) {
    throw new InvalidParams("robustness", [
      `by: no finished run with "${metric}" has a parameter "${by}" (e.g. quality, sigma, modifier)`,
    ]);
  }
  const others = otherGridParams(
    observations.map((o) => o.entry),
    by,
  );
  const seriesGroups = new Map<string, Observation[]>();
  for (const observation of observations) {
    const key = JSON.stringify(others.map((name) => paramOf(observation.entry, name) ?? ""));
    const group = seriesGroups.get(key);
    if (group) group.push(observation);
    else seriesGroups.set(key, [observation]);
  }
  const series: RobustnessSeries[] = [];
  if (others.length > 0) {
    for (const [key, group] of [...seriesGroups].sort(([a], [b]) =>
      a.localeCompare(b, "en", { numeric: true }),
    )) {
      const curve = analyse(group, by, higherIsBetter, reference);
      if (curve === undefined) continue;
      const values = JSON.parse(key) as string[];
      series.push({ params: Object.fromEntries(others.map((name, i) => [name, values[i]!])), ...curve });
    }
  }
  return { metric, by, higherIsBetter, ...overall, series };
}
