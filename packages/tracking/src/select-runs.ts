import { compileFilter, parseFilter } from "./filter.js";
import { compareRunsBy, parseOrderBy } from "./order.js";
import type { Run, SearchRunsOptions } from "./types.js";

/**
 * Applies a search's filter, order (then start_time DESC, run_id ASC) and `maxResults` to runs
 * already restricted to the wanted experiments and lifecycle stages.
 * @param runs - candidate runs.
 * @param options - the search options.
 */
export function selectRuns(
  runs: readonly Run[],
  options: Pick<SearchRunsOptions, "filter" | "orderBy" | "maxResults">,
): Run[] {
  const matches = compileFilter(parseFilter(options.filter));
  const selected = runs.filter(matches).sort(compareRunsBy(parseOrderBy(options.orderBy)));
  return options.maxResults === undefined ? selected : selected.slice(0, options.maxResults);
}
