import { existsSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type ArgValue, ExperimentInfo, ExperimentSetup } from "@iqf/experiments";
import { JpgModifier } from "@iqf/modifiers";
import { SageMakerTaskExecution } from "@iqf/sagemaker";
import { FileStore } from "@iqf/tracking";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleDataset, tempFolder, writeTrainScript } from "./helpers.js";

let folder: string;
let code: string;
let dataset: string;

beforeAll(async () => {
  folder = await tempFolder("local");
  code = await writeTrainScript(folder);
  dataset = await sampleDataset(folder, "ds", 3);
  // A script that also writes into its channel: the run's copy, never the dataset.
  await writeFile(
    join(code, "probe.py"),
    [
      "import json, os",
      'open(os.path.join(os.environ["SM_CHANNEL_TRAINDS"], "scribble.txt"), "w").write("x")',
      "cfg = os.environ['SM_INPUT_CONFIG_DIR']",
      "info = {k: v for k, v in os.environ.items() if k.startswith('SM_')}",
      "info['hyperparameters.json'] = json.load(open(os.path.join(cfg, 'hyperparameters.json')))",
      "info['inputdataconfig.json'] = json.load(open(os.path.join(cfg, 'inputdataconfig.json')))",
      'json.dump(info, open(os.path.join(os.environ["SM_OUTPUT_DATA_DIR"], "env.json"), "w"))',
      'json.dump({"ok": 1}, open(os.path.join(os.environ["SM_OUTPUT_DATA_DIR"], "results.json"), "w"))',
    ].join("\n"),
  );
});
afterAll(() => rm(folder, { recursive: true, force: true }));

function runLocalGrid(name: string, entryPoint: string, grid: Record<string, ArgValue[]>, tracking: string) {
  return new ExperimentSetup({
    experimentName: name,
    task: new SageMakerTaskExecution({ entryPoint, sourceDir: code, local: true }),
    refDswTrain: dataset,
    modifiers: [new JpgModifier({ quality: 20 })],
    extraTrainParams: grid,
    tracking,
    echo: false,
  }).execute();
}

describe("local mode", () => {
  it("runs the training-container contract on this machine and records outputs like a local run", async () => {
    const tracking = join(folder, "mlruns");
    process.env.AWS_SECRET_ACCESS_KEY = "local-mode-secret-never-passed";
    const summary = await runLocalGrid("local-mode", "train.py", { epochs: [2, 4] }, tracking);
    delete process.env.AWS_SECRET_ACCESS_KEY;
    expect(summary.finished).toBe(2);
    const info = await ExperimentInfo.open("local-mode", { tracking: new FileStore(tracking) });
    const table = info.getTable({ params: ["epochs"], metrics: ["loss", "kib"] });
    expect(table.rows.map((row) => row.loss).sort()).toEqual([0.25, 0.5]);
    const run = Object.values(info.runs)[0]!;
    const artifacts = run.artifactUri.replace(/^file:\/\//, "");
    const output = JSON.parse(await readFile(join(artifacts, "output.json"), "utf8"));
    expect(output.aws_variables).toEqual([]);
    expect(output.argv).toEqual([
      "--epochs",
      expect.stringMatching(/^[24]$/),
      "--outputpath",
      expect.stringMatching(/\/output\/data$/),
      "--trainds",
      expect.stringMatching(/\/input\/data\/trainds$/),
    ]);
    expect(await readFile(join(artifacts, "plots", "curve.txt"), "utf8")).toBe("1 0.5");
    expect(await readFile(join(artifacts, "model", "weights.txt"), "utf8")).toBe("w=1");
    expect(await readFile(join(artifacts, "logs", "stdout.txt"), "utf8")).toMatch(
      /epochs=\d images=3 channel=.*trainds\ndone\n/,
    );
    expect(run.tags["iqf.sagemaker.instance_type"]).toBe("local");
  });

  it("gives the SM_* environment and config files, with private copies of the datasets", async () => {
    const tracking = join(folder, "mlruns-probe");
    const summary = await runLocalGrid("probe", "probe.py", { lr: [0.001] }, tracking);
    expect(summary.finished).toBe(1);
    const info = await ExperimentInfo.open("probe", { tracking: new FileStore(tracking) });
    const run = Object.values(info.runs)[0]!;
    const env = JSON.parse(
      await readFile(join(run.artifactUri.replace(/^file:\/\//, ""), "env.json"), "utf8"),
    );
    expect(env.SM_CHANNELS).toBe('["trainds"]');
    expect(env.SM_CHANNEL_TRAINDS).toMatch(/\/input\/data\/trainds$/);
    expect(env.SM_MODEL_DIR).toMatch(/\/model$/);
    expect(env.SM_OUTPUT_DATA_DIR).toMatch(/\/output\/data$/);
    expect(env.SM_HP_LR).toBe("0.001");
    expect(JSON.parse(env.SM_HPS)).toMatchObject({ lr: 0.001, trainds: "/opt/ml/input/data/trainds" });
    expect(env["hyperparameters.json"]).toMatchObject({ lr: "0.001", sagemaker_program: '"probe.py"' });
    expect(env["inputdataconfig.json"]).toEqual({
      trainds: {
        TrainingInputMode: "File",
        S3DistributionType: "FullyReplicated",
        RecordWrapperType: "None",
      },
    });
    const modified = join(folder, "ds#jpg20_modifier");
    expect(existsSync(join(modified, "scribble.txt"))).toBe(false);
  });

  it("marks a failing script FAILED with SageMaker's failure reason and the log tail", async () => {
    const tracking = join(folder, "mlruns-fail");
    const summary = await runLocalGrid("local-fail", "train.py", { mode: ["fail"] }, tracking);
    expect(summary.failed).toBe(1);
    const result = summary.results[0]!;
    expect(result.failure).toBe("job-failed");
    expect(result.detail).toMatch(
      /^AlgorithmError: ExecuteUserScriptError:\nExitCode 2\nErrorMessage "Traceback/,
    );
    expect(result.detail).toMatch(/ValueError: simulated training failure/);
    expect(result.detail).toMatch(/--- last log lines ---\nepochs=1 images=3/);
  });
});
