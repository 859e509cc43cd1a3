import {
  invalidSearch,
  isNumericAttribute,
  readIdentifier,
  type SearchIdentifier,
} from "./search-identifier.js";
import type { Run } from "./types.js";

/** A comparison operator of MLflow's search grammar. */
export type Comparator = "=" | "!=" | "<" | "<=" | ">" | ">=" | "LIKE" | "ILIKE" | "IN" | "NOT IN";

/** One `identifier comparator value` term of a filter; a filter is the AND of its terms. */
export interface FilterTerm {
  /** Left-hand side. */
  readonly identifier: SearchIdentifier;
  /** Operator. */
  readonly comparator: Comparator;
  /** Right-hand side: a number for numeric comparisons, a string, or a list for `IN`. */
  readonly value: number | string | readonly string[];
}

const numericComparators: readonly Comparator[] = ["=", "!=", "<", "<=", ">", ">="];
const stringComparators: readonly Comparator[] = ["=", "!=", "LIKE", "ILIKE", "IN", "NOT IN"];

/**
 * Parses MLflow's search filter grammar: terms `identifier comparator value` joined by `and`
 * (any case). Identifiers: `metrics.x`, `params.x`, `tags.x`, `attributes.<name>` (or a bare
 * attribute name), keys optionally back-quoted. Comparators `= != < <= > >=` for metrics and
 * numeric attributes, `= != LIKE ILIKE IN NOT IN` for params, tags and string attributes.
 * @param filter - the filter text; empty or blank means "every run".
 */
export function parseFilter(filter: string | undefined): FilterTerm[] {
  const text = filter ?? "";
  const terms: FilterTerm[] = [];
  let index = skipSpaces(text, 0);
  if (index >= text.length) return terms;
  for (;;) {
    const { identifier, end } = readIdentifier(text, index, "filter");
    index = skipSpaces(text, end);
    const comparator = readComparator(text, index);
    index = skipSpaces(text, comparator.end);
    const numeric = identifier.entity === "metric" || isNumericAttribute(identifier.key);
    const allowed = numeric ? numericComparators : stringComparators;
    if (!allowed.includes(comparator.comparator)) {
      throw invalidSearch(
        "filter",
        text,
        `invalid comparator '${comparator.comparator}' for ${describe(identifier)}; use one of ${allowed.join(", ")}`,
      );
    }
    const value = readValue(text, index, numeric, comparator.comparator);
    terms.push({ identifier, comparator: comparator.comparator, value: value.value });
    index = skipSpaces(text, value.end);
    if (index >= text.length) return terms;
    const and = /and\b/iy;
    and.lastIndex = index;
    if (and.exec(text) === null) {
      throw invalidSearch(
        "filter",
        text,
        `expected 'and' at position ${index} (MLflow filters support only AND)`,
      );
    }
    index = skipSpaces(text, and.lastIndex);
  }
}

function describe(identifier: SearchIdentifier): string {
  const prefix = { metric: "metrics", param: "params", tag: "tags", attribute: "attributes" }[
    identifier.entity
  ];
  return `${prefix}.${identifier.key}`;
}

function skipSpaces(text: string, index: number): number {
  let position = index;
  while (position < text.length && /\s/.test(text[position]!)) position++;
  return position;
}

function readComparator(text: string, index: number): { comparator: Comparator; end: number } {
  const pattern = /(!=|<=|>=|=|<|>|not\s+in\b|ilike\b|like\b|in\b)(?![<>=!])/iy;
  pattern.lastIndex = index;
  const match = pattern.exec(text);
  if (match === null) {
    const found = /\S+/y;
    found.lastIndex = index;
    throw invalidSearch(
      "filter",
      text,
      `invalid comparator '${found.exec(text)?.[0] ?? ""}'; expected one of =, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN`,
    );
  }
  const comparator = match[1]!.toUpperCase().replace(/\s+/, " ") as Comparator;
  return { comparator, end: pattern.lastIndex };
}

function readValue(
  text: string,
  index: number,
  numeric: boolean,
  comparator: Comparator,
): { value: number | string | readonly string[]; end: number } {
  if (comparator === "IN" || comparator === "NOT IN") {
    if (text[index] !== "(") throw invalidSearch("filter", text, `expected '(' after ${comparator}`);
    const values: string[] = [];
    let position = skipSpaces(text, index + 1);
    for (;;) {
      const item = readString(text, position);
      values.push(item.value);
      position = skipSpaces(text, item.end);
      if (text[position] === ")") return { value: values, end: position + 1 };
      if (text[position] !== ",")
        throw invalidSearch("filter", text, `expected ',' or ')' at position ${position}`);
      position = skipSpaces(text, position + 1);
    }
  }
  if (numeric) {
    const pattern = /[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?/iy;
    pattern.lastIndex = index;
    const match = pattern.exec(text);
    if (match === null) throw invalidSearch("filter", text, `expected a number at position ${index}`);
    return { value: Number(match[0]), end: pattern.lastIndex };
  }
  return readString(text, index);
}

function readString(text: string, index: number): { value: string; end: number } {
  const quote = text[index];
  if (quote !== "'" && quote !== '"') {
    throw invalidSearch(
      "filter",
      text,
      `expected a quoted string at position ${index} (values of params, tags and attributes are quoted)`,
    );
  }
  const close = text.indexOf(quote, index + 1);
  if (close < 0) throw invalidSearch("filter", text, "unterminated string");
  return { value: text.slice(index + 1, close), end: close + 1 };
}

/** Converts a SQL LIKE pattern (`%`, `_`) to a regular expression. */
function likeToRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  let source = "";
  for (const character of pattern) {
    if (character === "%") source += "[\\s\\S]*";
    else if (character === "_") source += "[\\s\\S]";
    else source += character.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`, caseInsensitive ? "i" : "");
}

/** The value a run has for an identifier (number for metrics/numeric attributes), or `undefined`. */
export function runValue(run: Run, identifier: SearchIdentifier): string | number | undefined {
  switch (identifier.entity) {
    case "metric":
      return run.data.metrics[identifier.key]?.value;
    case "param":
      return run.data.params[identifier.key];
    case "tag":
      return run.data.tags[identifier.key];
    case "attribute": {
      const info = run.info;
      const attributes: Record<string, string | number | undefined> = {
        run_id: info.runId,
        run_name: info.runName,
        status: info.status,
        user_id: info.userId,
        artifact_uri: info.artifactUri,
        lifecycle_stage: info.lifecycleStage,
        start_time: info.startTime,
        end_time: info.endTime,
      };
      return attributes[identifier.key];
    }
  }
}

/** Builds a predicate that tells whether a run matches every term of a parsed filter. */
export function compileFilter(terms: readonly FilterTerm[]): (run: Run) => boolean {
  const tests = terms.map((term) => compileTerm(term));
  return (run) => tests.every((test) => test(run));
}

function compileTerm(term: FilterTerm): (run: Run) => boolean {
  const { identifier, comparator, value } = term;
  if (comparator === "LIKE" || comparator === "ILIKE") {
    const pattern = likeToRegExp(String(value), comparator === "ILIKE");
    return (run) => {
      const actual = runValue(run, identifier);
      return actual !== undefined && pattern.test(String(actual));
    };
  }
  if (comparator === "IN" || comparator === "NOT IN") {
    const set = new Set(value as readonly string[]);
    const wanted = comparator === "IN";
    return (run) => {
      const actual = runValue(run, identifier);
      return actual !== undefined && set.has(String(actual)) === wanted;
    };
  }
  return (run) => {
    const actual = runValue(run, identifier);
    if (actual === undefined) return false;
    return compareWith(comparator, actual, value as number | string);
  };
}

function compareWith(comparator: Comparator, actual: number | string, expected: number | string): boolean {
  switch (comparator) {
    case "=":
      return actual === expected;
    case "!=":
      return actual !== expected;
    case "<":
      return actual < expected;
    case "<=":
      return actual <= expected;
    case ">":
      return actual > expected;
    default:
      return actual >= expected;
  }
}
