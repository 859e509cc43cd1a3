import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseResults, readResults } from "../src/collect.js";

const folder = await mkdtemp(join(tmpdir(), "iqf-collect-"));
afterAll(() => rm(folder, { recursive: true, force: true }));

describe("results.json mapping", () => {
  it("maps numbers to step-0 metrics, lists to series, pairs to explicit steps, text to params", () => {
    const parsed = parseResults(
      {
        rmse: 0.5,
        loss: [0.9, 0.5],
        acc: [
          [10, 0.7],
          [20, 0.8],
        ],
        model: "resnet",
        pretrained: true,
        nothing: null,
        empty: [],
        val: { f1: 0.25 },
      },
      "results.json",
      1000,
    );
    expect(parsed.metrics).toEqual([
      { key: "rmse", value: 0.5, step: 0, timestamp: 1000 },
      { key: "loss", value: 0.9, step: 0, timestamp: 1000 },
      { key: "loss", value: 0.5, step: 1, timestamp: 1000 },
      { key: "acc", value: 0.7, step: 10, timestamp: 1000 },
      { key: "acc", value: 0.8, step: 20, timestamp: 1000 },
      { key: "val/f1", value: 0.25, step: 0, timestamp: 1000 },
    ]);
    expect(parsed.params).toEqual([
      { key: "model", value: "resnet" },
      { key: "pretrained", value: "True" },
    ]);
  });

  it("refuses content that is not an object; drops only the entries that cannot be logged, with the fix", () => {
    expect(() => parseResults([1, 2], "/o/results.json")).toThrow(
      /\/o\/results\.json: must hold a JSON object/,
    );
    const parsed = parseResults({ loss: [1, "x"], "bad!key": 1, kept: 2 }, "r.json", 5);
    expect(parsed.metrics).toEqual([{ key: "kept", value: 2, step: 0, timestamp: 5 }]);
    expect(parsed.dropped).toEqual([
      '"loss"[1] is "x"; a list must hold numbers or [step, value] pairs',
      '"bad!key": a key may only hold letters, digits, "_", "-", ".", " " and "/"; rename it',
    ]);
  });

  it("reads NaN and ±Infinity as Python's json.dump writes them, outside strings only", async () => {
    await writeFile(
      join(folder, "results.json"),
      '\uFEFF{"loss": [0.5, NaN], "best": Infinity, "worst": -Infinity, "note": "NaN Infinity", "acc": 0.25}',
    );
    const parsed = await readResults(folder);
    expect(parsed!.metrics.map(({ key, value, step }) => [key, value, step])).toEqual([
      ["loss", 0.5, 0],
      ["loss", Number.NaN, 1],
      ["best", Number.POSITIVE_INFINITY, 0],
      ["worst", Number.NEGATIVE_INFINITY, 0],
      ["acc", 0.25, 0],
    ]);
    expect(parsed!.params).toEqual([{ key: "note", value: "NaN Infinity" }]);
    await rm(join(folder, "results.json"));
  });

  it("reads the file: absent is undefined, invalid JSON is a clear error", async () => {
    expect(await readResults(folder)).toBeUndefined();
    await writeFile(join(folder, "results.json"), "{not json");
    await expect(readResults(folder)).rejects.toThrow(/results\.json: is not valid JSON/);
  });
});
