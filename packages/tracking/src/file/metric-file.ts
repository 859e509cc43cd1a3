import { formatPyFloat, InvalidFile } from "@iqf/core";
import type { MetricRecord } from "../types.js";

const SPACE = 0x20;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const ZERO = 0x30;
const NINE = 0x39;
const DOT = 0x2e;
const LOWER_E = 0x65;
const UPPER_E = 0x45;

/**
 * Formats metric values as the lines MLflow appends to `metrics/<key>`: `<timestamp> <value> <step>\n`,
 * the value printed as Python's `str(float)`.
 * @param metrics - values of one key, in logging order.
 */
export function formatMetricLines(
  metrics: readonly { value: number; timestamp: number; step: number }[],
): string {
  let text = "";
  for (const metric of metrics) text += `${metric.timestamp} ${formatPyFloat(metric.value)} ${metric.step}\n`;
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

function parseFloatBytes(bytes: Uint8Array, start: number, end: number): number | undefined {
  return parsePythonFloat(
    Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString("latin1"),
  );
}

/**
 * Walks the complete lines of a metric file, reading each line's fields in one pass over its bytes
 * (integers are accumulated on the way, the value is only located), without allocating per line.
 * An unterminated last line is the trace of a writer killed mid-write and is skipped. Lines with 2
 * fields (`timestamp value`), 3 fields or 5 fields (`… dataset_name dataset_digest`) are accepted,
 * as by MLflow; anything else is an {@link InvalidFile} naming the file and the line.
 */
class MetricLineCursor {
  /** Timestamp of the current line. */
  timestamp = 0;
  /** Step of the current line (0 for 2-field lines). */
  step = 0;
  /** 1-based number of the current line. */
  line = 0;
  /** Offset of the current line's value text. */
  valueStart = 0;
  /** End offset of the current line's value text. */
  valueEnd = 0;
  private position = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly length: number,
    private readonly file: string,
  ) {}

  /** Moves to the next non-empty complete line; `false` at the end. */
  next(): boolean {
    if (this.nextCanonical()) return true;
    const { bytes, length } = this;
    let position = this.position;
    for (;;) {
      let count = 0;
      let inField = false;
      let fieldStart = 0;
      let timestamp = 0;
      let timestampDigits = 0;
      let timestampSign = 1;
      let step = 0;
      let stepDigits = 0;
      let stepSign = 1;
      let malformedInteger = 0;
      let valueStart = 0;
      let valueEnd = 0;
      let valuePlain = true;
      for (;;) {
        if (position >= length) {
          this.position = length;
          return false;
        }
        const byte = bytes[position]!;
        if (byte === NEWLINE) break;
        if (byte === SPACE || byte === CARRIAGE_RETURN) {
          if (inField && count === 2) valueEnd = position;
          inField = false;
          position++;
          continue;
        }
        if (!inField) {
          inField = true;
          count++;
          fieldStart = position;
          if (count === 2) valueStart = position;
        }
        const digit = byte - ZERO;
        const isDigit = digit >= 0 && digit <= 9;
        if (count === 1) {
          if (isDigit) {
            timestamp = timestamp * 10 + digit;
            timestampDigits++;
          } else if (position === fieldStart && (byte === MINUS || byte === PLUS)) {
            if (byte === MINUS) timestampSign = -1;
          } else malformedInteger = 1;
        } else if (count === 2) {
          if (
            !isDigit &&
            byte !== DOT &&
            byte !== MINUS &&
            byte !== PLUS &&
            byte !== LOWER_E &&
            byte !== UPPER_E
          ) {
            valuePlain = false;
          }
        } else if (count === 3) {
          if (isDigit) {
            step = step * 10 + digit;
            stepDigits++;
          } else if (position === fieldStart && (byte === MINUS || byte === PLUS)) {
            if (byte === MINUS) stepSign = -1;
          } else malformedInteger = 3;
        }
        position++;
      }
      if (inField && count === 2) valueEnd = position;
      position++;
      this.line++;
      if (count === 0) continue;
      const where = `line ${this.line}`;
      if (count !== 2 && count !== 3 && count !== 5) {
        throw new InvalidFile(
          this.file,
          `${where}: expected "<timestamp> <value> <step>" (2, 3 or 5 space-separated fields), found ${count}`,
        );
      }
      if (malformedInteger === 1 || timestampDigits === 0) {
        throw new InvalidFile(this.file, `${where}: the timestamp is not an integer`);
      }
      if (malformedInteger === 3 || (count > 2 && stepDigits === 0)) {
        throw new InvalidFile(this.file, `${where}: the step is not an integer`);
      }
      if (!valuePlain && parseFloatBytes(bytes, valueStart, valueEnd) === undefined) {
        throw new InvalidFile(this.file, `${where}: the value is not a number`);
      }
      this.timestamp = timestampSign * timestamp;
      this.step = stepSign * step;
      this.valueStart = valueStart;
      this.valueEnd = valueEnd;
      this.position = position;
      return true;
    }
  }

  /**
   * Reads the next line when it has exactly MLflow's own shape — `<digits> <value> <digits>\n`,
   * single spaces, no signs, a value of digits, dots, signs and exponents only — which is every
   * line MLflow and iqf write. Anything else (and a torn last line) returns `false` with nothing
   * consumed, for {@link next}'s general scan to read, accept or reject.
   */
  private nextCanonical(): boolean {
    const { bytes, length } = this;
    let position = this.position;
    let timestamp = 0;
    let byte = 0;
    const timestampStart = position;
    while (position < length && (byte = bytes[position]!) >= ZERO && byte <= NINE) {
      timestamp = timestamp * 10 + (byte - ZERO);
      position++;
    }
    if (position === timestampStart || byte !== SPACE || position >= length) return false;
    const valueStart = ++position;
    while (
      position < length &&
      (((byte = bytes[position]!) >= ZERO && byte <= NINE) ||
        byte === DOT ||
        byte === MINUS ||
        byte === PLUS ||
        byte === LOWER_E ||
        byte === UPPER_E)
    ) {
      position++;
    }
    if (position === valueStart || byte !== SPACE || position >= length) return false;
    const valueEnd = position++;
    let step = 0;
    const stepStart = position;
    while (position < length && (byte = bytes[position]!) >= ZERO && byte <= NINE) {
      step = step * 10 + (byte - ZERO);
      position++;
    }
    if (position === stepStart || byte !== NEWLINE || position >= length) return false;
    this.timestamp = timestamp;
    this.step = step;
    this.valueStart = valueStart;
    this.valueEnd = valueEnd;
    this.line++;
    this.position = position + 1;
    return true;
  }

  /** The current line's value as a number. */
  value(): number {
    const value = parseFloatBytes(this.bytes, this.valueStart, this.valueEnd);
    if (value === undefined) throw new InvalidFile(this.file, `line ${this.line}: the value is not a number`);
    return value;
  }
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
  const cursor = new MetricLineCursor(bytes, length, file);
  while (cursor.next())
    records.push({ key, value: cursor.value(), timestamp: cursor.timestamp, step: cursor.step });
  return records;
}

/**
 * The latest value of a metric file as MLflow defines it: max step, then max timestamp, then max
 * value. Only the winning line's value (and values of lines tied with it) is converted to a
 * number. `undefined` for a file without a complete line.
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
  const cursor = new MetricLineCursor(bytes, length, file);
  let bestStep = Number.NEGATIVE_INFINITY;
  let bestTimestamp = Number.NEGATIVE_INFINITY;
  let bestStart = 0;
  let bestEnd = 0;
  let bestLine = 0;
  let tiedValue: number | undefined;
  while (cursor.next()) {
    const { step, timestamp } = cursor;
    if (step > bestStep || (step === bestStep && timestamp > bestTimestamp)) {
      bestStep = step;
      bestTimestamp = timestamp;
      bestStart = cursor.valueStart;
      bestEnd = cursor.valueEnd;
      bestLine = cursor.line;
      tiedValue = undefined;
    } else if (step === bestStep && timestamp === bestTimestamp) {
      const value = cursor.value();
      const current = tiedValue ?? parseFloatBytes(bytes, bestStart, bestEnd)!;
      tiedValue = current;
      if (value > current) tiedValue = value;
    }
  }
  if (bestLine === 0) return undefined;
  const value = tiedValue ?? parseFloatBytes(bytes, bestStart, bestEnd);
  if (value === undefined) throw new InvalidFile(file, `line ${bestLine}: the value is not a number`);
  return { key, value, timestamp: bestTimestamp, step: bestStep };
}

/** Length of the content up to and including its last newline (where a torn write starts). */
export function completeLength(bytes: Uint8Array, length: number): number {
  return bytes.lastIndexOf(NEWLINE, length - 1) + 1;
}
