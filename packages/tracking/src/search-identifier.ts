import { TrackingError } from "./errors.js";

/** What a search identifier refers to. */
export type EntityType = "metric" | "param" | "tag" | "attribute";

/** A parsed search identifier such as `metrics.rmse` or ``params.`learning rate` ``. */
export interface SearchIdentifier {
  /** Kind of value the identifier names. */
  readonly entity: EntityType;
  /** Key (metric/param/tag key, or attribute name). */
  readonly key: string;
}

const entityAliases: Readonly<Record<string, EntityType>> = {
  metric: "metric",
  metrics: "metric",
  param: "param",
  params: "param",
  parameter: "param",
  parameters: "param",
  tag: "tag",
  tags: "tag",
  attribute: "attribute",
  attributes: "attribute",
  attr: "attribute",
  run: "attribute",
};

/** Run attributes that searches accept, with `true` for the numeric ones. */
const searchAttributes: Readonly<Record<string, boolean>> = {
  run_id: false,
  run_name: false,
  status: false,
  user_id: false,
  artifact_uri: false,
  lifecycle_stage: false,
  start_time: true,
  end_time: true,
};

const attributeAliases: Readonly<Record<string, string>> = { created: "start_time", Created: "start_time" };

/** Whether an attribute compares as a number (`start_time`, `end_time`). */
export function isNumericAttribute(name: string): boolean {
  return searchAttributes[name] === true;
}

/** Error for a malformed filter or order clause. */
export function invalidSearch(what: string, text: string, problem: string): TrackingError {
  return new TrackingError("INVALID_PARAMETER_VALUE", `Invalid ${what} '${text}': ${problem}`);
}

/**
 * Reads an identifier at `position` of `text` (`metrics.rmse`, ``tags.`a b` ``, `params."x"`,
 * `status`); returns it with the position just after it.
 * @param text - the whole filter or order clause.
 * @param position - where the identifier starts.
 * @param what - `filter` or `order_by clause`, for messages.
 */
export function readIdentifier(
  text: string,
  position: number,
  what: string,
): { identifier: SearchIdentifier; end: number } {
  let index = position;
  const first = readName(text, index, what);
  index = first.end;
  if (text[index] !== ".") {
    if (first.quoted)
      throw invalidSearch(what, text, `expected an identifier such as params.x at "${first.name}"`);
    return { identifier: attribute(first.name, what, text), end: index };
  }
  const entity = entityAliases[first.name];
  if (entity === undefined || first.quoted) {
    throw invalidSearch(
      what,
      text,
      `unknown entity "${first.name}"; use metrics., params., tags. or attributes. before the key`,
    );
  }
  const key = readName(text, index + 1, what, true);
  if (entity === "attribute") return { identifier: attribute(key.name, what, text), end: key.end };
  return { identifier: { entity, key: key.name }, end: key.end };
}

function attribute(rawName: string, what: string, text: string): SearchIdentifier {
  const name = attributeAliases[rawName] ?? rawName;
  if (!(name in searchAttributes)) {
    throw invalidSearch(
      what,
      text,
      `invalid attribute key '${rawName}'; valid attributes are ${Object.keys(searchAttributes).join(", ")}`,
    );
  }
  return { entity: "attribute", key: name };
}

function readName(
  text: string,
  position: number,
  what: string,
  allowDots = false,
): { name: string; end: number; quoted: boolean } {
  const open = text[position];
  if (open === "`" || (open === '"' && allowDots)) {
    const close = text.indexOf(open, position + 1);
    if (close < 0) throw invalidSearch(what, text, `unterminated ${open}-quoted name`);
    return { name: text.slice(position + 1, close), end: close + 1, quoted: true };
  }
  const pattern = allowDots ? /[\w\-.:/]+/y : /\w+/y;
  pattern.lastIndex = position;
  const match = pattern.exec(text);
  if (match === null) throw invalidSearch(what, text, `expected an identifier at position ${position}`);
  return { name: match[0], end: position + match[0].length, quoted: false };
}
