import { describe, expect, it } from "vitest";
import { buildTable } from "../src/info/build-table.js";
import type { RunEntry } from "../src/info/run-entry.js";

function entry(
  id: string,
  name: string,
  params: Record<string, string>,
  metrics: Record<string, number>,
  status = "FINISHED",
): RunEntry {
  return {
    runId: id,
    name,
    status: status as RunEntry["status"],
    params,
    metrics,
    tags: {},
    artifactUri: `/mlruns/0/${id}/artifacts`,
    startTime: Number(id),
  };
}

const entries: RunEntry[] = [
  entry("1", "ds#jpg10_modifier", { modifier: "jpg10_modifier", quality: "10", lr: "0.1" }, { rmse: 3 }),
  entry("2", "ds#jpg10_modifier", { modifier: "jpg10_modifier", quality: "10", lr: "0.1" }, { rmse: 5 }),
  entry("3", "ds#jpg90_modifier", { modifier: "jpg90_modifier", quality: "90", lr: "0.1" }, { rmse: 0 }),
  entry("4", "ds#jpg90_modifier", { modifier: "jpg90_modifier", quality: "90", lr: "0.1" }, {}, "FAILED"),
  entry("5", "ds#jpg50_modifier", { modifier: "jpg50_modifier", quality: "50" }, { rmse: 1 }),
];

describe("getTable", () => {
  it("gives one row per finished run with converted values; a true 0 is kept; dropNa drops incomplete runs", () => {
    const table = buildTable(entries, { params: ["modifier", "quality", "lr"], metrics: ["rmse"] });
    expect(table.columns).toEqual(["name", "modifier", "quality", "lr", "rmse"]);
    expect(table.rows).toEqual([
      { name: "ds#jpg10_modifier", modifier: "jpg10_modifier", quality: 10, lr: 0.1, rmse: 3 },
      { name: "ds#jpg10_modifier", modifier: "jpg10_modifier", quality: 10, lr: 0.1, rmse: 5 },
      { name: "ds#jpg90_modifier", modifier: "jpg90_modifier", quality: 90, lr: 0.1, rmse: 0 },
    ]);
    const kept = buildTable(entries, {
      params: ["lr"],
      metrics: ["rmse"],
      dropNa: false,
      types: { lr: "string" },
    });
    expect(kept.column("lr")).toEqual(["0.1", "0.1", "0.1", null]);
    expect(
      buildTable(entries, { metrics: ["rmse"], statuses: ["FAILED"], dropNa: false }).column("rmse"),
    ).toEqual([null]);
  });

  it("groups repetitions with mean and sample std, groups sorted by key", () => {
    const grouped = buildTable(entries, { params: ["quality"], metrics: ["rmse"], groupBy: ["quality"] });
    expect(grouped.columns).toEqual(["quality", "rmse_mean", "rmse_std", "runs"]);
    expect(grouped.rows).toEqual([
      { quality: 10, rmse_mean: 4, rmse_std: Math.SQRT2, runs: 2 },
      { quality: 50, rmse_mean: 1, rmse_std: null, runs: 1 },
      { quality: 90, rmse_mean: 0, rmse_std: null, runs: 1 },
    ]);
    expect(buildTable(entries, { params: ["quality"], metrics: ["rmse"], groupBy: true }).size).toBe(3);
    expect(() => buildTable(entries, { metrics: ["rmse"], groupBy: ["lr"] })).toThrow(
      /groupBy: lr not among/,
    );
  });

  it("exports CSV with quoting, JSON and an arquero table", () => {
    const table = buildTable([entry("1", 'ds "a", b', { note: "x,y" }, { rmse: 1.5 })], {
      params: ["note"],
      metrics: ["rmse"],
    });
    expect(table.toCSV()).toBe('name,note,rmse\n"ds ""a"", b","x,y",1.5\n');
    expect(JSON.parse(table.toJSON())).toEqual([{ name: 'ds "a", b', note: "x,y", rmse: 1.5 }]);
    const aq = table.toArquero();
    expect(aq.numRows()).toBe(1);
    expect(aq.columnNames()).toEqual(["name", "note", "rmse"]);
  });
});
