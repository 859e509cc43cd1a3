import { copyFile, mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, expect, it } from "vitest";
import { iqfBin, repoRoot, sampleDataset, tempFolder } from "./helpers.js";

let folder: string;
beforeAll(async () => {
  // The example's layout, with a copy of the sample data (data/ is never written to).
  folder = await tempFolder("example");
  const example = join(folder, "examples", "sagemaker");
  await mkdir(example, { recursive: true });
  for (const file of ["train.py", "experiment.yaml", "experiment-aws.yaml"]) {
    await copyFile(join(repoRoot, "examples", "sagemaker", file), join(example, file));
  }
  await mkdir(join(folder, "data"));
  await sampleDataset(join(folder, "data"), "ds_coco_dataset", 3);
});
afterAll(() => rm(folder, { recursive: true, force: true }));

it("examples/sagemaker runs in local mode with python3 and its runs are listed", async () => {
  const run = await execa(
    process.execPath,
    [iqfBin, "run", "examples/sagemaker/experiment.yaml", "--tracking-uri", "mlruns"],
    {
      cwd: folder,
      reject: false,
      all: true,
    },
  );
  expect(run.exitCode, run.all).toBe(0);
  expect(run.all).toMatch(/sagemaker-local: 4 runs — 4 finished/);
  expect(run.all).toMatch(/\[ds_coco_dataset#jpg10_modifier [0-9a-f]{6}\] epoch 5\/5 loss/);
  const runs = await execa(
    process.execPath,
    [iqfBin, "runs", "sagemaker-local", "--tracking-uri", "mlruns", "--format", "csv"],
    {
      cwd: folder,
    },
  );
  const lines = runs.stdout.trim().split("\n");
  expect(lines).toHaveLength(5);
  expect(lines[0]).toMatch(/metrics\.train_loss/);
});

it("examples/sagemaker/experiment-aws.yaml is a valid experiment file", async () => {
  const { loadExperimentFile } = await import("@iqf/experiments");
  const { sageMakerTaskKind } = await import("@iqf/sagemaker");
  const file = await loadExperimentFile(join(folder, "examples", "sagemaker", "experiment-aws.yaml"), {
    taskKinds: [sageMakerTaskKind()],
  });
  expect(file.taskExecution?.description).toBe("sagemaker train.py on 1 × ml.m5.large");
});
