import { createHash } from "node:crypto";
import { InvalidParams } from "@iqf/core";
import { type ArgValue, formatArgValue } from "./py-str.js";

/** Names the task's command line already uses; they cannot be hyperparameters. */
export const reservedParamNames: readonly string[] = [
  "trainds",
  "valds",
  "testds",
  "outputpath",
  "mlfuri",
  "mlfexpid",
  "mlfrunid",
];

const paramNamePattern = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** Hyperparameter grid: each name maps to the list of values to try. */
export type ParamGrid = Readonly<Record<string, readonly ArgValue[]>>;

/** One combination of hyperparameter values, in the grid's key order. */
export type ParamCombination = Readonly<Record<string, ArgValue>>;

/**
 * Checks a hyperparameter grid and lists its problems (empty when valid): reserved or
 * unusable names, values that are not lists, empty lists, unsupported value types.
 */
export function gridProblems(grid: Readonly<Record<string, unknown>>, field = "extraTrainParams"): string[] {
  const problems: string[] = [];
  for (const [name, values] of Object.entries(grid)) {
    if (reservedParamNames.includes(name)) {
      problems.push(
        `${field}.${name}: "${name}" is reserved for the task's command line (${reservedParamNames.join(", ")}); rename the parameter`,
      );
    } else if (!paramNamePattern.test(name)) {
      problems.push(
        `${field}.${name}: a parameter name may only hold letters, digits, "_", "." and "-" and must not start with "-" or "."`,
      );
    }
    if (!Array.isArray(values)) {
      problems.push(`${field}.${name}: must be a list of values, e.g. [${JSON.stringify(values)}]`);
    } else if (values.length === 0) {
      problems.push(`${field}.${name}: the list is empty; give at least one value`);
    } else {
      values.forEach((value, index) => {
        const type = typeof value;
        if (type !== "string" && type !== "number" && type !== "boolean") {
          problems.push(`${field}.${name}[${index}]: must be a string, number or boolean`);
        }
      });
    }
  }
  return problems;
}

/** Throws `InvalidParams` naming every problem of the grid. */
export function assertValidGrid(grid: Readonly<Record<string, unknown>>): asserts grid is ParamGrid {
  const problems = gridProblems(grid);
  if (problems.length > 0) throw new InvalidParams("the experiment's hyperparameter grid", problems);
}

/**
 * The cartesian product of a grid, first key varying slowest (Python's `itertools.product`
 * order). An empty grid gives one empty combination.
 */
export function expandGrid(grid: ParamGrid): ParamCombination[] {
  let combinations: Record<string, ArgValue>[] = [{}];
  for (const [name, values] of Object.entries(grid)) {
    combinations = combinations.flatMap((partial) => values.map((value) => ({ ...partial, [name]: value })));
  }
  return combinations;
}

/** The coordinates that identify one grid cell. */
export interface CellCoordinates {
  /** Base name of the reference train dataset. */
  readonly dataset: string;
  /** Base names of the reference validation / test datasets, when used. */
  readonly valDataset?: string;
  /** Base name of the reference test dataset, when used. */
  readonly testDataset?: string;
  /** Modifier chain name. */
  readonly modifier: string;
  /** Hyperparameter values. */
  readonly params: ParamCombination;
  /** Repetition index, from 0. */
  readonly repetition: number;
}

/**
 * A short, stable id of a grid cell: the same coordinates always give the same id, whatever
 * the order of the grid or of the modifiers list.
 */
export function cellId(coordinates: CellCoordinates): string {
  const params = Object.keys(coordinates.params)
    .sort()
    .map((name) => [name, formatArgValue(coordinates.params[name]!)]);
  const canonical = JSON.stringify([
    coordinates.dataset,
    coordinates.valDataset ?? null,
    coordinates.testDataset ?? null,
    coordinates.modifier,
    params,
    coordinates.repetition,
  ]);
  return createHash("sha256").update(canonical).digest("hex").slice(0, 16);
}
