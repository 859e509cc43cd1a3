import { execFileSync } from "node:child_process";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { ExperimentInfo, ExperimentSetup, PythonScriptTaskExecution } from "@iqf/experiments";
import { BboxDetectionMetrics, evaluateCoco } from "@iqf/metrics";
import { JpgModifier } from "@iqf/modifiers";
import { FileStore } from "@iqf/tracking";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, sampleDataset, tempFolder } from "./helpers.js";

function hasPython(): boolean {
  try {
    execFileSync("python3", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

let folder: string;
beforeAll(async () => {
  folder = await tempFolder("python");
});
afterAll(() => rm(folder, { recursive: true, force: true }));

describe.skipIf(!hasPython())("examples/python-train/train.py through PythonScriptTaskExecution", () => {
  it("trains on every cell and, measured with BboxDetectionMetrics per run, logs the detection metrics of its output.json", async () => {
    const dataset = await sampleDataset(folder, "ds_coco_dataset", 10);
    const store = new FileStore(join(folder, "mlruns"));
    const summary = await new ExperimentSetup({
      experimentName: "python-template",
      task: new PythonScriptTaskExecution({ script: join(repoRoot, "examples", "python-train", "train.py") }),
      refDswTrain: dataset,
      refDswVal: await sampleDataset(folder, "val", 3),
      modifiers: [new JpgModifier({ quality: 90 })],
      extraTrainParams: { epochs: [3], lr: [0.1, 0.01] },
      tracking: store,
      echo: false,
    }).execute();
    expect([summary.finished, summary.failed]).toEqual([2, 0]);

    const info = await ExperimentInfo.open("python-template", { tracking: store });
    const run = info.runs[0]!;
    expect(run.params).toMatchObject({
      ds_name: "ds_coco_dataset#jpg90_modifier",
      ds_name_val: "val#jpg90_modifier",
      modifier_val: "jpg90_modifier",
      epochs: "3",
    });
    expect(await store.getMetricHistory(run.runId, "val_rmse")).toHaveLength(3);

    const results = await info.applyMetricPerRun(
      new BboxDetectionMetrics(),
      join(dataset, "coco_annotations.json"),
    );
    expect(results.every((result) => result.error === undefined)).toBe(true);
    // The metric got the run's own output.json and the ground truth: same numbers as evaluating them directly.
    const predictions = await store.downloadArtifacts(run.runId, "output.json", join(folder, "download"));
    const direct = await evaluateCoco(join(dataset, "coco_annotations.json"), predictions);
    expect(results[0]!.values).toEqual(direct.stats);
    // The template writes the ground-truth boxes as detections, so precision is perfect.
    expect(results[0]!.values!["ap_0.5-0.95_all"]).toBe(1);
    const table = info.getTable({ params: ["lr"], metrics: ["ap_0.5_all", "train_rmse"] });
    expect(table.rows.map((row) => row["ap_0.5_all"])).toEqual([1, 1]);
    expect(info.runs.every((entry) => entry.status === "FINISHED")).toBe(true);
  });
});
