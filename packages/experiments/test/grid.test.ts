import { describe, expect, it } from "vitest";
import { assertValidGrid, cellId, expandGrid, gridProblems } from "../src/grid.js";
import { buildTaskArgv } from "../src/task/argv.js";

describe("grid expansion", () => {
  it("takes the cartesian product with the first key varying slowest", () => {
    expect(expandGrid({ epochs: [10, 15], lr: [0.001, 0.0001] })).toEqual([
      { epochs: 10, lr: 0.001 },
      { epochs: 10, lr: 0.0001 },
      { epochs: 15, lr: 0.001 },
      { epochs: 15, lr: 0.0001 },
    ]);
    expect(expandGrid({})).toEqual([{}]);
  });

  it("names every problem: reserved names, non-lists, empty lists, bad names and values", () => {
    const problems = gridProblems({
      trainds: [1],
      outputpath: [2],
      epochs: 10,
      lr: [],
      "-x": [1],
      ok: [{ a: 1 }],
    });
    expect(problems.join("\n")).toMatch(/extraTrainParams\.trainds: "trainds" is reserved/);
    expect(problems.join("\n")).toMatch(/extraTrainParams\.outputpath: "outputpath" is reserved/);
    expect(problems.join("\n")).toMatch(/extraTrainParams\.epochs: must be a list of values, e\.g\. \[10\]/);
    expect(problems.join("\n")).toMatch(/extraTrainParams\.lr: the list is empty/);
    expect(problems.join("\n")).toMatch(/extraTrainParams\.-x: a parameter name may only hold/);
    expect(problems.join("\n")).toMatch(/extraTrainParams\.ok\[0\]: must be a string, number or boolean/);
    expect(() => assertValidGrid({ valds: ["x"] })).toThrow(
      /Invalid parameters for the experiment's hyperparameter grid/,
    );
    expect(gridProblems({ epochs: [1, 2], lr: [0.1], name: ["a b"], flag: [true] })).toEqual([]);
  });

  it("gives every cell a stable id independent of key order, different per coordinate", () => {
    const base = { dataset: "ds", modifier: "jpg10_modifier", params: { a: 1, b: "x" }, repetition: 0 };
    const id = cellId(base);
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(cellId({ ...base, params: { b: "x", a: 1 } })).toBe(id);
    expect(cellId({ ...base, repetition: 1 })).not.toBe(id);
    expect(cellId({ ...base, modifier: "jpg30_modifier" })).not.toBe(id);
    expect(cellId({ ...base, params: { a: 2, b: "x" } })).not.toBe(id);
    expect(cellId({ ...base, valDataset: "val" })).not.toBe(id);
  });
});

describe("task argv (the seed's contract)", () => {
  it("orders flags as iquaflow and keeps every value one argv entry", () => {
    const argv = buildTaskArgv({
      trainds: "/data/my ds#jpg10_modifier",
      outputpath: "/tmp/out $(touch x)",
      valds: "/data/val; rm -rf /",
      testds: "/data/test",
      params: { lr: 1e-5, epochs: 10, label: "a b | c", flag: true },
      monitoring: { uri: "http://127.0.0.1:5000", experimentId: "3", runId: "abc" },
    });
    expect(argv).toEqual([
      "--trainds",
      "/data/my ds#jpg10_modifier",
      "--outputpath",
      "/tmp/out $(touch x)",
      "--lr",
      "1e-05",
      "--epochs",
      "10",
      "--label",
      "a b | c",
      "--flag",
      "True",
      "--testds",
      "/data/test",
      "--mlfuri",
      "http://127.0.0.1:5000",
      "--mlfexpid",
      "3",
      "--mlfrunid",
      "abc",
      "--valds",
      "/data/val; rm -rf /",
    ]);
  });
});
