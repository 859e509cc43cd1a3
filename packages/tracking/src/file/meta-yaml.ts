import { createRequire } from "node:module";
import { InvalidFile } from "@iqf/core";

/** The YAML library, loaded on first use (Node caches it): plain reads of MLflow's flat files never need it. */
function yamlLibrary(): typeof import("yaml") {
  return createRequire(import.meta.url)("yaml") as typeof import("yaml");
}

/** A flat YAML mapping as found in MLflow's `meta.yaml` files. */
export type MetaYaml = Record<string, unknown>;

const simpleLine = /^([A-Za-z_][\w]*): ?(.*)$/;
const integer = /^-?\d+$/;
const safePlain = /^[\w/][\w\-./:@+ #=,()]*$/;
/**
 * Plain scalars YAML 1.1 could read as numbers (ints, floats, binary, hex, any `0o…`, sexagesimal).
 * Binary and hex are matched exactly: a run id such as `0bff…` is text to YAML 1.1 too.
 */
const numberLike = /^([-+]?[\d_.]+([eE][-+]?\d+)?|0b[01_]+|0x[\da-f_]+|0o.*|\d[\d_]*(:[0-5]?\d)+(\.\d*)?)$/i;
const yaml11Special = /^(y|n|yes|no|true|false|on|off|null|nan|inf|\.nan|\.inf|-\.inf)$/i;

/**
 * Serialises a flat mapping the way MLflow (PyYAML `safe_dump`) writes `meta.yaml`: keys sorted,
 * block style, strings quoted where YAML 1.1 would read them as something else (`'0'`, `''`).
 * @param meta - the mapping.
 */
export function formatMetaYaml(meta: MetaYaml): string {
  return formatFlat(meta) ?? formatWithLibrary(meta);
}

function formatWithLibrary(meta: MetaYaml): string {
  return yamlLibrary().stringify(meta, {
    sortMapEntries: true,
    singleQuote: true,
    lineWidth: 0,
    version: "1.1",
  });
}

/** YAML 1.1 timestamps (`2001-12-14…`), which the library quotes although the line parser reads them as text. */
const timestampLike = /^\d{4}-\d\d?-\d\d?/;
/** Exponent numbers (`e9`, `E-5`) and sexagesimal-like text (`4:57._`), which the library quotes too. */
const numberPrefix = /^[-+]?[\d_.]*[eE][-+]?\d|^[-+]?\d[\d_]*:/;

/**
 * Writes the common flat shape (null, safe integers, `[]`, empty or all-digit strings, strings the
 * line parser reads back unchanged as plain text) exactly as the library would, without loading it; `undefined` for
 * anything else (quoted strings, floats, other keys), which then goes through the library.
 */
function formatFlat(meta: MetaYaml): string | undefined {
  let text = "";
  for (const key of Object.keys(meta).sort()) {
    if (!/^[A-Za-z_]\w*$/.test(key)) return undefined;
    const value = meta[key];
    let written: string;
    if (value === null) written = "null";
    else if (typeof value === "number" && Number.isSafeInteger(value)) written = String(value);
    else if (Array.isArray(value) && value.length === 0) written = "[]";
    else if (value === "" || (typeof value === "string" && integer.test(value))) written = `'${value}'`;
    else if (
      typeof value === "string" &&
      !timestampLike.test(value) &&
      !numberPrefix.test(value) &&
      parseScalar(value)?.value === value
    ) {
      written = value;
    } else return undefined;
    text += `${key}: ${written}\n`;
  }
  return text === "" ? undefined : text;
}

/**
 * Parses a `meta.yaml`. The common flat shape is read by a fast line parser; anything else goes
 * through a full YAML 1.1 parser. A syntax error or a non-mapping document is an
 * {@link InvalidFile} naming the file and the line.
 * @param text - file content.
 * @param file - path, for messages.
 */
export function parseMetaYaml(text: string, file: string): MetaYaml {
  const fast = parseFlat(text);
  if (fast !== undefined) return fast;
  const { parse, YAMLParseError } = yamlLibrary();
  let document: unknown;
  try {
    document = parse(text, { version: "1.1" });
  } catch (error) {
    const line = error instanceof YAMLParseError ? error.linePos?.[0]?.line : undefined;
    const where = line === undefined ? "" : ` at line ${line}`;
    throw new InvalidFile(file, `invalid YAML${where}: ${(error as Error).message.split("\n")[0]}`, {
      cause: error,
    });
  }
  if (document === null || typeof document !== "object" || Array.isArray(document)) {
    throw new InvalidFile(
      file,
      "expected a YAML mapping of MLflow metadata (the file is empty or not a mapping)",
    );
  }
  return document as MetaYaml;
}

function parseFlat(text: string): MetaYaml | undefined {
  const result: MetaYaml = {};
  let start = 0;
  let lines = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    if (line === "") continue;
    const match = simpleLine.exec(line);
    if (match === null) return undefined;
    const value = parseScalar(match[2]!);
    if (value === undefined) return undefined;
    result[match[1]!] = value.value;
    lines++;
  }
  return lines === 0 ? undefined : result;
}

function parseScalar(raw: string): { value: unknown } | undefined {
  if (raw === "" || raw === "null" || raw === "~") return { value: null };
  if (raw === "[]") return { value: [] };
  if (raw === "''") return { value: "" };
  if (raw.length >= 2 && raw.startsWith("'") && raw.endsWith("'")) {
    const inner = raw.slice(1, -1);
    if (/'(?!')/.test(inner.replaceAll("''", ""))) return undefined;
    return { value: inner.replaceAll("''", "'") };
  }
  if (integer.test(raw)) return { value: Number(raw) };
  if (
    safePlain.test(raw) &&
    !numberLike.test(raw) &&
    !yaml11Special.test(raw) &&
    !raw.includes(": ") &&
    !raw.endsWith(":") &&
    !raw.includes(" #")
  ) {
    return { value: raw.trimEnd() };
  }
  return undefined;
}

/** 1-based line of `key:` in a YAML text, for messages (undefined when absent). */
export function lineOfKey(text: string, key: string): number | undefined {
  const lines = text.split("\n");
  const index = lines.findIndex((line) => line.startsWith(`${key}:`));
  return index < 0 ? undefined : index + 1;
}
