import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadExperimentFile } from "@iqf/experiments";
import {
  entryPointArgs,
  frameworkImageUri,
  jobName,
  jobNamePattern,
  jobNameStem,
  runHyperparameters,
  SageMakerTaskExecution,
  sageMakerTaskKind,
} from "@iqf/sagemaker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempFolder } from "./helpers.js";

let folder: string;
beforeAll(async () => {
  folder = await tempFolder("config");
  await mkdir(join(folder, "ds", "images"), { recursive: true });
  await mkdir(join(folder, "code"), { recursive: true });
  await writeFile(join(folder, "code", "train.py"), "print('hi')\n");
});
afterAll(() => rm(folder, { recursive: true, force: true }));

const base = [
  "name: cfg",
  "dataset: ./ds",
  "modifiers: [{ type: jpg, params: { quality: 10 } }]",
  "extraTrainParams: { epochs: [10] }",
];

async function load(lines: string[], kinds = [sageMakerTaskKind()]) {
  const path = join(folder, `exp-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(path, [...base, ...lines].join("\n"));
  return loadExperimentFile(path, { taskKinds: kinds });
}

const good = [
  "cloud: { bucket: my-bucket, prefix: iqf }",
  "task:",
  "  timeoutSeconds: 3600",
  "  sagemaker:",
  "    entryPoint: train.py",
  "    sourceDir: ./code",
  "    image: 763104351884.dkr.ecr.eu-west-1.amazonaws.com/pytorch-training:2.3-gpu-py311",
  "    role: arn:aws:iam::123456789012:role/SageMakerRole",
  "    instanceType: ml.g4dn.xlarge",
  "    maxRuntimeSeconds: 86400",
];

describe("task.sagemaker and cloud in experiment files", () => {
  it("builds a SageMakerTaskExecution with paths relative to the file and the timeout as runtime limit", async () => {
    const file = await load(good);
    expect(file.task.kind).toBe("sagemaker");
    expect(file.task.command).toBeUndefined();
    const task = file.taskExecution as SageMakerTaskExecution;
    expect(task).toBeInstanceOf(SageMakerTaskExecution);
    expect(task.options.sourceDir).toBe(join(folder, "code"));
    expect(task.options.maxRuntimeSeconds).toBe(3600);
    expect(task.options.cloud).toEqual({ bucket: "my-bucket", prefix: "iqf", uploadConcurrency: 8 });
    expect(task.description).toBe("sagemaker train.py on 1 × ml.g4dn.xlarge");
  });

  it("names the field of every problem", async () => {
    const badRole = good.map((line) =>
      line.replace("arn:aws:iam::123456789012:role/SageMakerRole", "SageMakerRole"),
    );
    await expect(load(badRole)).rejects.toThrow(/task\.sagemaker\.role: expected an IAM role ARN/);
    await expect(load(good.filter((line) => !line.includes("role:")))).rejects.toThrow(
      /task\.sagemaker\.role: expected an IAM role ARN that SageMaker assumes/,
    );
    await expect(load(good.filter((line) => !line.startsWith("cloud")))).rejects.toThrow(
      /cloud: give the S3 bucket/,
    );
    await expect(load(good.map((line) => line.replace("my-bucket", "My_Bucket")))).rejects.toThrow(
      /cloud\.bucket: expected an S3 bucket name/,
    );
    await expect(load([...good, "    instanceTyp: ml.m5.large"])).rejects.toThrow(
      /task\.sagemaker: unknown key "instanceTyp"/,
    );
    await expect(load(good.map((line) => line.replace("ml.g4dn.xlarge", "g4dn")))).rejects.toThrow(
      /task\.sagemaker\.instanceType: expected a SageMaker instance type/,
    );
    const both = good.map((line) => (line.includes("image:") ? `${line}\n    framework: pytorch` : line));
    await expect(load(both)).rejects.toThrow(/task\.sagemaker\.image: give image or framework, not both/);
    await expect(load([...good, "  command: [python3, train.py]"])).rejects.toThrow(
      /task: command cannot be combined with sagemaker/,
    );
    await expect(load(good, [])).rejects.toThrow(/task: unknown key "sagemaker"/);
    await expect(load(["cloud: { bucket: b-1 }", "task: { command: [python3, x.py] }"])).rejects.toThrow(
      /cloud: only used by another kind of task/,
    );
  });

  it("accepts local mode without role, image or cloud", async () => {
    const file = await load(["task:", "  sagemaker: { entryPoint: code/train.py, local: true }"]);
    const task = file.taskExecution as SageMakerTaskExecution;
    expect(task.options.local).toBe(true);
    expect(task.options.sourceDir).toBe(join(folder, "code"));
    expect(task.options.entryPoint).toBe("train.py");
  });

  it("validates API options with InvalidParams naming the field", () => {
    expect(
      () => new SageMakerTaskExecution({ entryPoint: "train.py", image: "x", cloud: { bucket: "b-1" } }),
    ).toThrow(/SageMakerTaskExecution: role: expected an IAM role ARN/);
  });
});

describe("job names", () => {
  it("are deterministic per cell, unique, at most 63 characters of [a-zA-Z0-9-]", () => {
    const long = "A very long experiment name — with ünïcode & spaces that goes on and on";
    const stem = jobNameStem(long, "bucket/iqf", "0123456789abcdef");
    expect(jobNameStem(long, "bucket/iqf", "0123456789abcdef")).toBe(stem);
    expect(jobNameStem(long, "bucket/iqf", "0123456789abcdee")).not.toBe(stem);
    expect(jobNameStem(long, "other/iqf", "0123456789abcdef")).not.toBe(stem);
    const name = jobName(stem, 999);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(jobNamePattern);
    expect(name).toMatch(/^[a-zA-Z0-9-]+$/);
    expect(jobName(jobNameStem("---", "b", "c"), 1)).toMatch(jobNamePattern);
  });
});

describe("training-container contract", () => {
  it("passes hyperparameters as JSON strings and the entry point gets sorted --key value args", () => {
    const hyperparameters = runHyperparameters(
      {
        trainds: "/local/ds",
        outputpath: "/local/out",
        valds: "/local/val",
        params: { lr: 1e-5, epochs: 10, opt: "adam" },
      },
      {
        entryPoint: "train.py",
        submitDirectory: "s3://b/iqf/source/abc/sourcedir.tar.gz",
        region: "eu-west-1",
      },
    );
    expect(hyperparameters).toMatchObject({
      lr: "1e-05",
      epochs: "10",
      opt: '"adam"',
      trainds: '"/opt/ml/input/data/trainds"',
      valds: '"/opt/ml/input/data/valds"',
      outputpath: '"/opt/ml/output/data"',
      sagemaker_program: '"train.py"',
      sagemaker_submit_directory: '"s3://b/iqf/source/abc/sourcedir.tar.gz"',
      sagemaker_region: '"eu-west-1"',
    });
    expect(Object.values(hyperparameters).every((value) => typeof value === "string")).toBe(true);
    expect(entryPointArgs(hyperparameters)).toEqual([
      "--epochs",
      "10",
      "--lr",
      "1e-05",
      "--opt",
      "adam",
      "--outputpath",
      "/opt/ml/output/data",
      "--trainds",
      "/opt/ml/input/data/trainds",
      "--valds",
      "/opt/ml/input/data/valds",
    ]);
  });

  it("resolves framework images like the SageMaker Python SDK", () => {
    expect(frameworkImageUri("pytorch", "2.3", "py311", "eu-west-1", "ml.g4dn.xlarge")).toBe(
      "763104351884.dkr.ecr.eu-west-1.amazonaws.com/pytorch-training:2.3-gpu-py311",
    );
    expect(frameworkImageUri("tensorflow", "2.16", "py310", "me-south-1", "ml.m5.large")).toBe(
      "217643126080.dkr.ecr.me-south-1.amazonaws.com/tensorflow-training:2.16-cpu-py310",
    );
  });
});
