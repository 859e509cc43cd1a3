import { copyFile, mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Metric } from "@iqf/core";
import { measureSnr, SharpnessMetric, SnrMetric, sharpnessKeys } from "@iqf/metrics";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../../..");

describe("SnrMetric and SharpnessMetric are Metric plugins", () => {
  it("SnrMetric measures the images of MetricContext.datasetPath", async () => {
    const metric: Metric = new SnrMetric({ method: "ha", patchSize: 4 });
    const values = await metric.compute({ datasetPath: join(root, "data/ds_coco_dataset") });
    expect(Object.keys(values)).toEqual(["snr_median", "snr_mean", "snr_std"]);
    expect(Math.abs(values.snr_mean! / 32.24198884869302 - 1)).toBeLessThan(1e-9);
  });

  it("SharpnessMetric returns the 12 keys in iquaflow's order", async () => {
    const metric = new SharpnessMetric();
    const values = await metric.compute({ datasetPath: join(root, "data/ds_inria_dataset") });
    expect(Object.keys(values)).toEqual([...sharpnessKeys]);
    expect(metric.metricNames).toEqual(sharpnessKeys);
  });

  it("a context without datasetPath is an InvalidParams error naming the field", async () => {
    await expect(new SnrMetric().compute({})).rejects.toMatchObject({ code: "INVALID_PARAMS" });
    await expect(new SharpnessMetric().compute({})).rejects.toThrow(/datasetPath/);
  });
});

describe("worker threads", () => {
  it("measuring 20 images on 2 worker threads gives the single-thread results", async () => {
    const dir = await mkdtemp(join(tmpdir(), "iqf-pool-"));
    const source = join(root, "data/ds_coco_dataset/images");
    const files = (await readdir(source)).sort();
    for (const copy of [0, 1])
      for (const f of files) await copyFile(join(source, f), join(dir, `${copy}_${f}`));
    const threaded = await measureSnr(dir, { method: "hb", concurrency: 2 });
    const single = await measureSnr(dir, { method: "hb", concurrency: 1 });
    expect(threaded.images).toHaveLength(20);
    expect(threaded).toEqual(single);
  });
});
