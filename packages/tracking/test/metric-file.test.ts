import { InvalidFile } from "@iqf/core";
import { describe, expect, it } from "vitest";
import { latestMetric, parseMetricHistory, parsePythonFloat } from "../src/file/metric-file.js";

/**
 * A line-by-line reading of metric files written from MLflow's rules with string operations, the
 * reference the byte scanner must agree with on every input: complete lines only, fields split on
 * spaces and carriage returns, 2, 3 or 5 fields, integers with an optional leading sign, the
 * value checked only when it holds characters other than digits, dots, signs and exponents.
 */
interface ReferenceLine {
  readonly line: number;
  readonly timestamp: number;
  readonly step: number;
  readonly valueText: string;
}

const integerChars = /^[-+]?\d*$/;
const plainChars = /^[0-9.+\-eE]+$/;

function integerOf(text: string): number {
  let total = 0;
  for (const char of text.replace(/^[-+]/, "")) total = total * 10 + Number(char);
  return text.startsWith("-") ? -total : total;
}

function* referenceLines(text: string, file: string): Generator<ReferenceLine> {
  const complete = text.slice(0, text.lastIndexOf("\n") + 1);
  const lines = complete.split("\n").slice(0, -1);
  for (const [index, content] of lines.entries()) {
    const line = index + 1;
    const fields = content.split(/[ \r]+/).filter((field) => field !== "");
    if (fields.length === 0) continue;
    const where = `line ${line}`;
    if (![2, 3, 5].includes(fields.length)) {
      throw new InvalidFile(
        file,
        `${where}: expected "<timestamp> <value> <step>" (2, 3 or 5 space-separated fields), found ${fields.length}`,
      );
    }
    const [timestamp, valueText, step = ""] = fields as [string, string, string?];
    const stepMalformed = fields.length > 2 && !integerChars.test(step);
    const timestampMalformed = !integerChars.test(timestamp) && !stepMalformed;
    if (timestampMalformed || !/\d/.test(timestamp)) {
      throw new InvalidFile(file, `${where}: the timestamp is not an integer`);
    }
    if (stepMalformed || (fields.length > 2 && !/\d/.test(step))) {
      throw new InvalidFile(file, `${where}: the step is not an integer`);
    }
    if (!plainChars.test(valueText) && parsePythonFloat(valueText) === undefined) {
      throw new InvalidFile(file, `${where}: the value is not a number`);
    }
    yield { line, timestamp: integerOf(timestamp), step: fields.length > 2 ? integerOf(step) : 0, valueText };
  }
}

function referenceValue(line: ReferenceLine, file: string): number {
  const value = parsePythonFloat(line.valueText);
  if (value === undefined) throw new InvalidFile(file, `line ${line.line}: the value is not a number`);
  return value;
}

function referenceHistory(text: string, key: string, file: string) {
  const records = [];
  for (const line of referenceLines(text, file)) {
    records.push({ key, value: referenceValue(line, file), timestamp: line.timestamp, step: line.step });
  }
  return records;
}

function referenceLatest(text: string, key: string, file: string) {
  let best: ReferenceLine | undefined;
  let tied: number | undefined;
  for (const line of referenceLines(text, file)) {
    if (
      best === undefined ||
      line.step > best.step ||
      (line.step === best.step && line.timestamp > best.timestamp)
    ) {
      best = line;
      tied = undefined;
    } else if (line.step === best.step && line.timestamp === best.timestamp) {
      const value = referenceValue(line, file);
      const current = tied ?? parsePythonFloat(best.valueText)!;
      // biome-ignore lint/complexity/useMathMinMax: a NaN must not win, as Math.max would make it
      tied = value > current ? value : current;
    }
  }
  if (best === undefined) return undefined;
  return { key, value: tied ?? referenceValue(best, file), timestamp: best.timestamp, step: best.step };
}

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const integers = [
  "0",
  "7",
  "42",
  "1700000000000",
  "-3",
  "+5",
  "-0",
  "007",
  "-",
  "+",
  "1x",
  "x1",
  "1-2",
  "",
  "99999999999999999",
];
const values = [
  "0.5",
  "1.0",
  "-2.25",
  "1e-05",
  "3E+10",
  ".5",
  "5.",
  "-0.0",
  "nan",
  "NaN",
  "-nan",
  "inf",
  "-inf",
  "+inf",
  "Infinity",
  "-Infinity",
  "1.2.3",
  "e",
  "--1",
  "abc",
  "0x10",
  "1_0",
  "",
  "+",
  "é",
];
const separators = [" ", " ", " ", " ", "  ", "\r", " \r"];
const endings = ["\n", "\n", "\n", "\r\n", " \n", "\n\n"];

/** Lines mostly in MLflow's own shape, with every departure the scanner must notice mixed in. */
function generatedFile(next: () => number): string {
  const pick = <T>(items: readonly T[], usual: T): T =>
    next() < 0.6 ? usual : items[Math.floor(next() * items.length)]!;
  let text = "";
  const lineCount = Math.floor(next() * 6);
  for (let line = 0; line < lineCount; line++) {
    const fieldCount = pick([1, 2, 3, 4, 5, 6], 3);
    const fields = [pick(integers, String(Math.floor(next() * 1e13))), pick(values, String(next() - 0.5))];
    if (fieldCount >= 3) fields.push(pick(integers, String(Math.floor(next() * 5))));
    for (let extra = 3; extra < fieldCount; extra++) fields.push(next() < 0.5 ? "dataset" : "digest");
    let content = fields.slice(0, fieldCount).join(pick(separators, " "));
    if (next() < 0.05) content = ` ${content}`;
    text += content + pick(endings, "\n");
  }
  if (next() < 0.2) text += "1700000000000 0.25 3"; // torn last line
  return text;
}

function outcome<T>(read: () => T): T | string {
  try {
    return read();
  } catch (error) {
    if (error instanceof InvalidFile) return `InvalidFile: ${error.message}`;
    throw error;
  }
}

describe("metric files", () => {
  it("reads every generated file as the line-by-line reference does (history and latest value)", () => {
    const next = random(15);
    const file = "/runs/r/metrics/loss";
    for (let sample = 0; sample < 20_000; sample++) {
      const text = generatedFile(next);
      const bytes = Buffer.from(text, "latin1");
      const context = JSON.stringify(text);
      expect(
        outcome(() => parseMetricHistory(bytes, bytes.length, "loss", file)),
        context,
      ).toEqual(outcome(() => referenceHistory(text, "loss", file)));
      expect(
        outcome(() => latestMetric(bytes, bytes.length, "loss", file)),
        context,
      ).toEqual(outcome(() => referenceLatest(text, "loss", file)));
    }
  });

  it("reads only the given length of a larger buffer", () => {
    const bytes = Buffer.from("10 1.5 0\n20 2.5 1\n30 bad 2\n", "latin1");
    expect(latestMetric(bytes, 18, "m", "f")).toEqual({ key: "m", value: 2.5, timestamp: 20, step: 1 });
  });

  it("takes the greatest step, then timestamp, then value", () => {
    const bytes = Buffer.from("5 9.0 1\n7 1.0 2\n7 3.0 2\n7 2.0 2\n6 8.0 2\n", "latin1");
    expect(latestMetric(bytes, bytes.length, "m", "f")).toEqual({
      key: "m",
      value: 3,
      timestamp: 7,
      step: 2,
    });
  });
});
