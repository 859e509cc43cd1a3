import { describe, expect, it } from "vitest";
import { compileFilter, parseFilter } from "../src/filter.js";
import { compareRunsBy, parseOrderBy } from "../src/order.js";
import type { Run } from "../src/types.js";

function run(
  id: string,
  startTime: number,
  data: Partial<Run["data"]>,
  status: Run["info"]["status"] = "FINISHED",
): Run {
  return {
    info: {
      runId: id,
      runName: `name-${id}`,
      experimentId: "1",
      status,
      startTime,
      artifactUri: "",
      lifecycleStage: "active",
    },
    data: { params: data.params ?? {}, metrics: data.metrics ?? {}, tags: data.tags ?? {} },
  };
}

const metric = (value: number) => ({ key: "m", value, timestamp: 0, step: 0 });
const runs = [
  run("a", 3, {
    params: { "learning rate": "0.1", opt: "Adam" },
    metrics: { m: metric(1) },
    tags: { t: "x" },
  }),
  run(
    "b",
    2,
    { params: { "learning rate": "0.2", opt: "sgd" }, metrics: { m: metric(Number.NaN) } },
    "FAILED",
  ),
  run("c", 1, { params: { opt: "adamw" }, tags: { t: "y" } }),
];
const select = (filter: string) =>
  runs.filter(compileFilter(parseFilter(filter))).map((item) => item.info.runId);

describe("MLflow search grammar", () => {
  it("parses every supported comparator, quoting style and the AND keyword in any case", () => {
    expect(select("")).toEqual(["a", "b", "c"]);
    expect(select("params.\"learning rate\" = '0.1'")).toEqual(["a"]);
    expect(select("params.`learning rate` != '0.1'")).toEqual(["b"]);
    expect(select("params.opt LIKE 'adam%'")).toEqual(["c"]);
    expect(select("params.opt ILIKE 'adam%'")).toEqual(["a", "c"]);
    expect(select("params.opt like '_gd'")).toEqual(["b"]);
    expect(select("tags.t IN ('x', \"y\")")).toEqual(["a", "c"]);
    expect(select("tags.t NOT IN ('x')")).toEqual(["c"]);
    expect(select("status = 'FAILED'")).toEqual(["b"]);
    expect(select("attribute.status != 'FAILED' AnD run.start_time >= 2")).toEqual(["a"]);
    expect(select("metrics.m >= 1e0 and metrics.m <= 1.0")).toEqual(["a"]);
    expect(select("metrics.m > -1")).toEqual(["a"]);
    expect(select("attributes.run_id IN ('a','c')")).toEqual(["a", "c"]);
  });

  it("refuses what MLflow refuses, saying why", () => {
    expect(() => parseFilter("metrics.m <<< 3")).toThrow(/invalid comparator '<<<'/);
    expect(() => parseFilter("metrics.m LIKE '1'")).toThrow(/invalid comparator 'LIKE' for metrics.m/);
    expect(() => parseFilter("params.x < '1'")).toThrow(/invalid comparator '<' for params.x/);
    expect(() => parseFilter("params.x = 1")).toThrow(/quoted string/);
    expect(() => parseFilter("metrics.m = 'a'")).toThrow(/expected a number/);
    expect(() => parseFilter("foo.x = '1'")).toThrow(/unknown entity "foo"/);
    expect(() => parseFilter("attributes.color = '1'")).toThrow(/invalid attribute key 'color'/);
    expect(() => parseFilter("params.a = '1' or params.b = '2'")).toThrow(/support only AND/);
    expect(() => parseFilter("params.a = 'open")).toThrow(/unterminated string/);
  });

  it("orders by the clauses, missing and NaN values last, then start_time DESC and run_id", () => {
    const order = (clauses: string[]) =>
      [...runs].sort(compareRunsBy(parseOrderBy(clauses))).map((item) => item.info.runId);
    expect(order([])).toEqual(["a", "b", "c"]);
    expect(order(["attributes.start_time"])).toEqual(["c", "b", "a"]);
    expect(order(["metrics.m DESC"])).toEqual(["a", "b", "c"]);
    expect(order(["params.`learning rate` DESC"])).toEqual(["b", "a", "c"]);
    expect(order(["tags.t ASC"])).toEqual(["a", "c", "b"]);
    expect(() => parseOrderBy(["metrics.m sideways"])).toThrow(/ASC or DESC/);
  });
});
