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

  it("rejects malformed content with the file, the key and the fix", () => {
    expect(() => parseResults([1, 2], "/o/results.json")).toThrow(
      /\/o\/results\.json: must hold a JSON object/,
    );
    expect(() => parseResults({ loss: [1, "x"] }, "r.json")).toThrow(
      /"loss"\[1\] is "x"; a list must hold numbers/,
    );
    expect(() => parseResults({ "bad!key": 1 }, "r.json")).toThrow(/key "bad!key" may only hold/);
  });

  it("reads the file: absent is undefined, invalid JSON is a clear error", async () => {
    expect(await readResults(folder)).toBeUndefined();
    await writeFile(join(folder, "results.json"), "{not json");
    await expect(readResults(folder)).rejects.toThrow(/results\.json: is not valid JSON/);
  });
});
