import * as metrics from "@iqf/metrics";
import * as testing from "@iqf/metrics/testing";
import { describe, expect, it } from "vitest";

describe("@iqf/metrics' entry points", () => {
  it("keep test-data generators in ./testing and core's special functions in @iqf/core", () => {
    const root = Object.keys(metrics);
    for (const name of ["renderSlantedEdges", "seededNormal", "erfc", "normalCdf"])
      expect(root, name).not.toContain(name);
    expect(Object.keys(testing).sort()).toEqual(["renderSlantedEdges", "seededNormal"]);
  });

  it("iquaflow's spellings are aliases of the primary classes", () => {
    expect(metrics.SNRMetric).toBe(metrics.SnrMetric);
    expect(metrics.BBDetectionMetrics).toBe(metrics.BboxDetectionMetrics);
    const aliased: metrics.SNRMetric = new metrics.SNRMetric({ method: "robust" });
    expect(aliased).toBeInstanceOf(metrics.SnrMetric);
    expect(aliased.name).toBe("snr");
  });

  it("the testing generators are reproducible from their seed", () => {
    const edges = (seed: number) =>
      testing.renderSlantedEdges({
        width: 32,
        height: 32,
        rectangles: [{ cx: 16, cy: 16, width: 12, height: 12, angle: 5 }],
        sigma: 1,
        low: 50,
        high: 200,
        noise: 0.5,
        seed,
      });
    expect(edges(7)).toEqual(edges(7));
    expect(edges(7)).not.toEqual(edges(8));
  });
});
