import { runValue } from "./filter.js";
import { invalidSearch, readIdentifier, type SearchIdentifier } from "./search-identifier.js";
import type { Run } from "./types.js";

/** One parsed `order_by` clause. */
export interface OrderClause {
  /** What to sort by. */
  readonly identifier: SearchIdentifier;
  /** `true` for ASC (the default), `false` for DESC. */
  readonly ascending: boolean;
}

/**
 * Parses MLflow `order_by` clauses such as `metrics.rmse ASC`, `attributes.start_time DESC`,
 * ``params.`batch size` ``; the direction defaults to ASC.
 * @param clauses - the clauses, most significant first.
 */
export function parseOrderBy(clauses: readonly string[] | undefined): OrderClause[] {
  return (clauses ?? []).map((clause) => {
    const text = clause.trim();
    const { identifier, end } = readIdentifier(text, 0, "order_by clause");
    const rest = text.slice(end).trim().toUpperCase();
    if (rest !== "" && rest !== "ASC" && rest !== "DESC") {
      throw invalidSearch(
        "order_by clause",
        clause,
        `expected ASC or DESC after the identifier, found '${rest}'`,
      );
    }
    return { identifier, ascending: rest !== "DESC" };
  });
}

/**
 * Builds a comparator for `Array.sort` following the clauses, then MLflow's default order
 * (start_time DESC, then run_id ASC). Missing values and NaN sort last in either direction.
 * @param clauses - parsed order clauses.
 */
export function compareRunsBy(clauses: readonly OrderClause[]): (a: Run, b: Run) => number {
  return (a, b) => {
    for (const clause of clauses) {
      const order = compareValues(
        runValue(a, clause.identifier),
        runValue(b, clause.identifier),
        clause.ascending,
      );
      if (order !== 0) return order;
    }
    if (a.info.startTime !== b.info.startTime) return b.info.startTime - a.info.startTime;
    return a.info.runId < b.info.runId ? -1 : a.info.runId > b.info.runId ? 1 : 0;
  };
}

function compareValues(
  a: string | number | undefined,
  b: string | number | undefined,
  ascending: boolean,
): number {
  const aMissing = a === undefined || (typeof a === "number" && Number.isNaN(a));
  const bMissing = b === undefined || (typeof b === "number" && Number.isNaN(b));
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
  const order = a! < b! ? -1 : a! > b! ? 1 : 0;
  return ascending ? order : -order;
}
