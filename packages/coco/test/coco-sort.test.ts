import { describe, expect, it } from "vitest";
import { orderByDescendingKey } from "../src/sort.js";

/** The order a stable comparison sort gives: descending key, ties (−0 = +0 included) by index. */
function comparisonOrder(key: Float64Array): number[] {
  return Array.from(key, (_, i) => i).sort((a, b) => (key[b] as number) - (key[a] as number) || a - b);
}

/** Deterministic pseudo-random values in [0, 1). */
function* lcg(seed: number): Generator<number> {
  let state = seed;
  for (;;) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    yield state / 2 ** 31;
  }
}

describe("orderByDescendingKey", () => {
  it("orders scores from highest to lowest, ties in index order", () => {
    const key = Float64Array.from([0.5, 0.9, 0.5, 0.1, 0.9, 0.5]);
    expect(Array.from(orderByDescendingKey(key))).toEqual([1, 4, 0, 2, 5, 3]);
  });

  it("handles negative numbers, zeros of both signs, infinities and subnormals", () => {
    const key = Float64Array.from([
      -0,
      0,
      -1.5,
      3,
      Number.POSITIVE_INFINITY,
      -0,
      Number.MIN_VALUE,
      -Number.MIN_VALUE,
      Number.NEGATIVE_INFINITY,
      1e300,
      -1e-300,
      0,
      3,
    ]);
    expect(Array.from(orderByDescendingKey(key))).toEqual(comparisonOrder(key));
  });

  it("matches a stable comparison sort on many values with few distinct scores", () => {
    const random = lcg(7);
    const key = Float64Array.from({ length: 50_000 }, () => Math.round(random.next().value * 1000) / 1000);
    expect(Array.from(orderByDescendingKey(key))).toEqual(comparisonOrder(key));
  });

  it("matches a stable comparison sort on values spread over every bit", () => {
    const random = lcg(11);
    const key = Float64Array.from({ length: 20_000 }, () => {
      const value = random.next().value;
      return (value - 0.5) * 10 ** Math.floor(random.next().value * 40 - 20);
    });
    expect(Array.from(orderByDescendingKey(key))).toEqual(comparisonOrder(key));
  });

  it("returns an empty order for no keys and the single index for one", () => {
    expect(Array.from(orderByDescendingKey(new Float64Array(0)))).toEqual([]);
    expect(Array.from(orderByDescendingKey(Float64Array.from([0.3])))).toEqual([0]);
  });
});
