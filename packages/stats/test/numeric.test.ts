import { basicStats, deterministicSample, numpyHistogram } from "@iqf/stats";
import { describe, expect, it } from "vitest";

describe("numpy-compatible histogram and column summaries", () => {
  it("uses linspace edges with the maximum as the exact last edge, last bin closed", () => {
    const { binEdges, counts } = numpyHistogram([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(binEdges).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(counts).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 2]);
  });

  it("matches numpy on edge values that float rounding puts on the wrong side", () => {
    // numpy.histogram([0.1, 0.2, 0.3, 0.7]) → edges 0.1 + i·0.06, counts [1,1,0,1,0,0,0,0,0,1]
    const { binEdges, counts } = numpyHistogram([0.1, 0.2, 0.3, 0.7]);
    expect(binEdges[10]).toBe(0.7);
    expect(binEdges[1]).toBe(0.16);
    expect(counts).toEqual([1, 1, 0, 1, 0, 0, 0, 0, 0, 1]);
  });

  it("spans value ± 0.5 for a constant list and 0 … 1 for an empty one", () => {
    expect(numpyHistogram([3, 3]).binEdges[0]).toBe(2.5);
    expect(numpyHistogram([3, 3]).counts[5]).toBe(2);
    expect(numpyHistogram([]).binEdges).toEqual([
      0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6000000000000001, 0.7000000000000001, 0.8, 0.9, 1,
    ]);
  });

  it("skips nulls like pandas and gives nulls for an all-null column", () => {
    expect(basicStats(Float64Array.of(1, Number.NaN, 3))).toEqual([{ min: 1 }, { mean: 2 }, { max: 3 }]);
    expect(basicStats(Float64Array.of(Number.NaN))).toEqual([{ min: null }, { mean: null }, { max: null }]);
  });

  it("samples deterministically without replacement, in input order", () => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    const sample = deterministicSample(items, 10, 3);
    expect(sample).toEqual(deterministicSample(items, 10, 3));
    expect(new Set(sample).size).toBe(10);
    expect([...sample].sort((a, b) => a - b)).toEqual(sample);
    expect(deterministicSample(items, 10, 4)).not.toEqual(sample);
    expect(deterministicSample([1, 2], 5)).toEqual([1, 2]);
  });
});
