import { InvalidFile } from "@iqf/core";
import { formatPythonFloat } from "../python-float.js";
import type { MetricRecord } from "../types.js";

const SPACE = 0x20;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const ZERO = 0x30;
const NINE = 0x39;

/**
 * Formats metric values as the lines MLflow appends to `metrics/<key>`: `<timestamp> <value> <step>\n`,
 * the value printed as Python's `str(float)`.
 * @param metrics - values of one key, in logging order.
 */
export function formatMetricLines(
  metrics: readonly { value: number; timestamp: number; step: number }[],
): string {
  let text = "";
  for (const metric of metrics)
    text += `${metric.timestamp} ${formatPythonFloat(metric.value)} ${metric.step}\n`;
  return text;
}

/**
 * Parses one value written by Python (`1.0`, `nan`, `inf`, `-inf`, `1e-05`) or JSON-ish text
 * (`NaN`, `Infinity`); `undefined` when it is not a number.
 * @param text - the value text.
 */
export function parsePythonFloat(text: string): number | undefined {
  const lower = text.toLowerCase();
  if (lower === "nan" || lower === "-nan" || lower === "+nan") return Number.NaN;
  if (lower === "inf" || lower === "+inf" || lower === "infinity" || lower === "+infinity") {
    return Number.POSITIVE_INFINITY;
  }
  if (lower === "-inf" || lower === "-infinity") return Number.NEGATIVE_INFINITY;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)) return undefined;
  return Number(text);
}

/** Field boundaries of one metric line, reused for every line (no per-line allocation). */
class LineFields {
  readonly starts = new Int32Array(6);
  readonly ends = new Int32Array(6);
}

/** Reads a decimal integer from bytes; NaN when the bytes are not one. */
function readInteger(bytes: Uint8Array, start: number, end: number): number {
  let position = start;
  let sign = 1;
  if (bytes[position] === MINUS || bytes[position] === PLUS) {
    if (bytes[position] === MINUS) sign = -1;
    position++;
  }
  if (position >= end) return Number.NaN;
  let value = 0;
  for (; position < end; position++) {
    const digit = bytes[position]! - ZERO;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return sign * value;
}

/** Whether bytes could be a float (digits, sign, dot, exponent, or letters of nan/inf). */
function looksLikeFloat(bytes: Uint8Array, start: number, end: number): boolean {
  for (let position = start; position < end; position++) {
    const byte = bytes[position]!;
    const isDigit = byte >= ZERO && byte <= NINE;
    if (!isDigit && byte !== 0x2e && byte !== MINUS && byte !== PLUS && byte !== 0x65 && byte !== 0x45) {
      return parseFloatBytes(bytes, start, end) !== undefined;
    }
  }
  return end > start;
}

function parseFloatBytes(bytes: Uint8Array, start: number, end: number): number | undefined {
  return parsePythonFloat(
    Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString("latin1"),
  );
}

/**
 * Visits every complete line of a metric file. An unterminated last line is the trace of a writer
 * killed mid-write and is skipped. Lines with 2 fields (`timestamp value`), 3 fields or 5 fields
 * (`… dataset_name dataset_digest`) are accepted, as by MLflow; anything else is an
 * {@link InvalidFile} naming the file and the line.
 */
function forEachLine(
  bytes: Uint8Array,
  length: number,
  file: string,
  visit: (timestamp: number, step: number, fields: LineFields, line: number) => void,
): void {
  const fields = new LineFields();
  let position = 0;
  let line = 0;
  while (position < length) {
    // One pass over the line's bytes records where its space-separated fields start and end.
    let count = 0;
    let byte = bytes[position]!;
    while (byte !== NEWLINE) {
      if (byte === SPACE || byte === CARRIAGE_RETURN) {
        if (++position >= length) return;
        byte = bytes[position]!;
        continue;
      }
      if (count < 6) {
        fields.starts[count] = position;
      }
      while (byte !== SPACE && byte !== NEWLINE && byte !== CARRIAGE_RETURN) {
        if (++position >= length) return;
        byte = bytes[position]!;
      }
      if (count < 6) fields.ends[count] = position;
      count++;
    }
    position++;
    line++;
    if (count > 6) count = 6;
    if (count === 0) continue;
    if (count !== 2 && count !== 3 && count !== 5) {
      throw new InvalidFile(
        file,
        `line ${line}: expected "<timestamp> <value> <step>" (2, 3 or 5 space-separated fields), found ${count === 6 ? "more than 5" : count}`,
      );
    }
    const timestamp = readInteger(bytes, fields.starts[0]!, fields.ends[0]!);
    const step = count === 2 ? 0 : readInteger(bytes, fields.starts[2]!, fields.ends[2]!);
    if (Number.isNaN(timestamp)) throw new InvalidFile(file, `line ${line}: the timestamp is not an integer`);
    if (Number.isNaN(step)) throw new InvalidFile(file, `line ${line}: the step is not an integer`);
    if (!looksLikeFloat(bytes, fields.starts[1]!, fields.ends[1]!)) {
      throw new InvalidFile(file, `line ${line}: the value is not a number`);
    }
    visit(timestamp, step, fields, line);
  }
}

function lineValue(bytes: Uint8Array, fields: LineFields, file: string, line: number): number {
  const value = parseFloatBytes(bytes, fields.starts[1]!, fields.ends[1]!);
  if (value === undefined) throw new InvalidFile(file, `line ${line}: the value is not a number`);
  return value;
}

/**
 * Every value of a metric file, in file order.
 * @param bytes - file content (only the first `length` bytes are read).
 * @param length - content length.
 * @param key - metric key.
 * @param file - path, for messages.
 */
export function parseMetricHistory(
  bytes: Uint8Array,
  length: number,
  key: string,
  file: string,
): MetricRecord[] {
  const records: MetricRecord[] = [];
  forEachLine(bytes, length, file, (timestamp, step, fields, line) => {
    records.push({ key, value: lineValue(bytes, fields, file, line), timestamp, step });
  });
  return records;
}

/**
 * The latest value of a metric file as MLflow defines it: max step, then max timestamp, then max
 * value. Only the winning line's value is converted to a number. `undefined` for a file without a
 * complete line.
 * @param bytes - file content (only the first `length` bytes are read).
 * @param length - content length.
 * @param key - metric key.
 * @param file - path, for messages.
 */
export function latestMetric(
  bytes: Uint8Array,
  length: number,
  key: string,
  file: string,
): MetricRecord | undefined {
  let bestStep = Number.NEGATIVE_INFINITY;
  let bestTimestamp = Number.NEGATIVE_INFINITY;
  let bestStart = -1;
  let bestEnd = -1;
  let bestLine = 0;
  let tiedValue: number | undefined;
  forEachLine(bytes, length, file, (timestamp, step, fields, line) => {
    if (step > bestStep || (step === bestStep && timestamp > bestTimestamp)) {
      bestStep = step;
      bestTimestamp = timestamp;
      bestStart = fields.starts[1]!;
      bestEnd = fields.ends[1]!;
      bestLine = line;
      tiedValue = undefined;
    } else if (step === bestStep && timestamp === bestTimestamp) {
      const value = lineValue(bytes, fields, file, line);
      const current = tiedValue ?? parseFloatBytes(bytes, bestStart, bestEnd)!;
      tiedValue = current;
      if (value > current) tiedValue = value;
    }
  });
  if (bestLine === 0) return undefined;
  const value = tiedValue ?? parseFloatBytes(bytes, bestStart, bestEnd);
  if (value === undefined) throw new InvalidFile(file, `line ${bestLine}: the value is not a number`);
  return { key, value, timestamp: bestTimestamp, step: bestStep };
}

/** Length of the content up to and including its last newline (where a torn write starts). */
export function completeLength(bytes: Uint8Array, length: number): number {
  return bytes.lastIndexOf(NEWLINE, length - 1) + 1;
}
