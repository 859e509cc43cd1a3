import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Metric } from "@iqf/core";
import { ConfidenceMetric } from "@iqf/example-plugin-metric";
import { describe, expect, it } from "vitest";

async function predictions(content: unknown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "iqf-plugin-metric-"));
  const file = join(dir, "output.json");
  await writeFile(file, JSON.stringify(content));
  return file;
}

describe("a third-party Metric needs only @iqf/core", () => {
  it("computes confidence statistics of a run's predictions", async () => {
    const metric: Metric = new ConfidenceMetric({ threshold: 0.5 });
    const file = await predictions([
      { image_id: 1, category_id: 1, bbox: [0, 0, 5, 5], score: 0.9 },
      { image_id: 1, category_id: 2, bbox: [1, 1, 5, 5], score: 0.3 },
      { image_id: 2, category_id: 1, bbox: [2, 2, 5, 5], score: 0.6 },
    ]);
    const values = await metric.compute({ predictionsPath: file });
    expect(values.detections).toBe(3);
    expect(values.mean_score).toBeCloseTo(0.6, 12);
    expect(values.share_confident).toBeCloseTo(2 / 3, 12);
  });

  it("bad input is a typed error naming the file and field", async () => {
    const file = await predictions([{ score: "high" }]);
    await expect(new ConfidenceMetric().compute({ predictionsPath: file })).rejects.toMatchObject({
      code: "INVALID_FILE",
      message: expect.stringContaining("[0].score"),
    });
    await expect(new ConfidenceMetric().compute({})).rejects.toMatchObject({ code: "INVALID_PARAMS" });
    expect(() => new ConfidenceMetric({ threshold: 2 })).toThrow(/threshold/);
  });
});
