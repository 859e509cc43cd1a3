import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { FileStore } from "@iqf/tracking";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allText, iqfBin, isAlive, sampleDataset, tempFolder, waitFor, writeTrainScript } from "./helpers.js";
import { testCredentials } from "./support/s3-server.js";
import { startTestCloud, type TestCloud } from "./support/test-cloud.js";

let folder: string;
let cloud: TestCloud;
const outputs: string[] = [];

beforeAll(async () => {
  folder = await tempFolder("cloud");
  await writeTrainScript(folder);
  await sampleDataset(folder, "ds", 3);
  cloud = await startTestCloud();
});
afterAll(async () => {
  await cloud?.close();
  await rm(folder, { recursive: true, force: true });
});

async function experiment(name: string, grid: string, extra: string[] = []): Promise<string> {
  const path = join(folder, `${name}.yaml`);
  await writeFile(
    path,
    [
      `name: ${name}`,
      "dataset: ./ds",
      "modifiers: [{ type: jpg, params: { quality: 10 } }, { type: jpg, params: { quality: 50 } }]",
      `cloud: { bucket: ${cloud.s3Server.bucket}, prefix: iqf }`,
      "task:",
      "  sagemaker:",
      "    entryPoint: train.py",
      "    sourceDir: ./code",
      "    image: 763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.3-cpu-py311",
      "    role: arn:aws:iam::123456789012:role/SageMakerRole",
      "    instanceType: ml.m5.large",
      "    pollSeconds: 0.2",
      "    stopWaitSeconds: 20",
      `    environment: { IQF_TEST_PIDS: ${JSON.stringify(join(folder, `pids-${name}`))} }`,
      `extraTrainParams: ${grid}`,
      "concurrency: 4",
      ...extra,
    ].join("\n"),
  );
  return path;
}

function iqf(args: string[]) {
  const run = execa(process.execPath, [iqfBin, ...args], {
    cwd: folder,
    reject: false,
    all: true,
    env: cloud.env,
  });
  void run.then((result) => outputs.push(String(result.all ?? "")));
  return run;
}

function store(name: string): FileStore {
  return new FileStore(join(folder, `mlruns-${name}`));
}

async function runsOf(name: string) {
  const tracking = store(name);
  const experimentInfo = await tracking.getExperimentByName(name);
  return tracking.searchRuns({ experimentIds: [experimentInfo!.experimentId] });
}

describe("iqf run with task.sagemaker against the test endpoints", () => {
  it("runs a 4-cell grid end to end (upload, jobs, logs, outputs, tracking, iqf runs); throttled calls are retried", async () => {
    cloud.endpoint.options.throttleDescribe = 3;
    const file = await experiment("grid", "{ epochs: [2, 4] }");
    const result = await iqf(["run", file, "--tracking-uri", "mlruns-grid"]);
    expect(result.exitCode, result.all).toBe(0);
    expect(cloud.endpoint.options.throttleDescribe).toBe(0);
    expect(cloud.endpoint.count("SageMaker.CreateTrainingJob")).toBe(4);
    expect(result.all).toMatch(/grid: 4 runs — 4 finished, 0 failed, 0 skipped/);
    // CloudWatch lines reach the terminal, prefixed with the run.
    expect(result.all).toMatch(
      /\[ds#jpg10_modifier [0-9a-f]{6}\] epochs=2 images=3 channel=\S+\/input\/data\/trainds/,
    );

    const listed = await iqf(["runs", "grid", "--tracking-uri", "mlruns-grid", "--format", "json"]);
    expect(listed.exitCode, listed.all).toBe(0);
    const rows = JSON.parse(listed.stdout) as Record<string, unknown>[];
    expect(rows).toHaveLength(4);
    expect(rows.map((row) => JSON.stringify(row)).join("\n")).toMatch(/FINISHED/);

    const runs = await runsOf("grid");
    expect(runs.map((run) => run.info.status)).toEqual(["FINISHED", "FINISHED", "FINISHED", "FINISHED"]);
    for (const run of runs) {
      const { tags, params } = run.data;
      const metrics = Object.fromEntries(
        Object.entries(run.data.metrics).map(([key, metric]) => [key, metric.value]),
      );
      expect(tags["iqf.sagemaker.job"]).toMatch(/^iqf-grid-[0-9a-f]{14}-1$/);
      expect(tags["iqf.sagemaker.instance_type"]).toBe("ml.m5.large");
      expect(tags["iqf.sagemaker.instance_count"]).toBe("1");
      expect(Number(tags["iqf.sagemaker.billable_seconds"])).toBeGreaterThanOrEqual(1);
      expect(params.trainds_s3).toMatch(
        /^s3:\/\/iqf-test-bucket\/iqf\/datasets\/ds-jpg(10|50)_modifier-[0-9a-f]{16}\/data\/$/,
      );
      expect(metrics.loss).toBe(1 / Number(params.epochs));
      const artifacts = run.info.artifactUri.replace(/^file:\/\//, "");
      expect(await readFile(join(artifacts, "plots", "curve.txt"), "utf8")).toBe("1 0.5");
      expect(await readFile(join(artifacts, "logs", "stdout.txt"), "utf8")).toMatch(
        /^epochs=\d images=3 .*\ndone\n$/,
      );
      expect(await readFile(join(artifacts, "logs", "stderr.txt"), "utf8")).toMatch(
        /Completed: billable \d+ s on 1 × ml\.m5\.large/,
      );
      const output = JSON.parse(await readFile(join(artifacts, "output.json"), "utf8"));
      expect(output.aws_variables).toEqual([]);
      expect(await readdir(artifacts)).not.toContain("output.tar.gz");
    }
  });

  it("resumes: a re-run starts no job and uploads nothing", async () => {
    const writes = cloud.s3Server.writes.length;
    const created = cloud.endpoint.count("SageMaker.CreateTrainingJob");
    const result = await iqf(["run", join(folder, "grid.yaml"), "--tracking-uri", "mlruns-grid"]);
    expect(result.exitCode, result.all).toBe(0);
    expect(result.all).toMatch(/4 runs — 0 finished, 0 failed, 4 skipped/);
    expect(cloud.endpoint.count("SageMaker.CreateTrainingJob")).toBe(created);
    expect(cloud.s3Server.writes.length).toBe(writes);
  });

  it("re-attaches to jobs still running after iqf died, and survives a lost network while polling", async () => {
    const file = await experiment("attach", "{ mode: [gate] }");
    const pids = join(folder, "pids-attach");
    const first = iqf(["run", file, "--tracking-uri", "mlruns-attach"]);
    await waitFor(async () => (await readdir(pids).catch(() => [])).length === 2);
    first.kill("SIGKILL");
    await first;
    const created = cloud.endpoint.count("SageMaker.CreateTrainingJob");
    const writes = cloud.s3Server.writes.length;
    const describes = cloud.endpoint.count("SageMaker.DescribeTrainingJob");
    const second = iqf(["run", file, "--tracking-uri", "mlruns-attach"]);
    await waitFor(() => cloud.endpoint.count("SageMaker.DescribeTrainingJob") >= describes + 2);
    const port = Number(new URL(cloud.endpoint.url).port);
    await cloud.endpoint.pause();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await cloud.endpoint.resume(port);
    await writeFile(join(pids, "release"), "");
    const result = await second;
    expect(result.exitCode, result.all).toBe(0);
    expect(result.all).toMatch(/started by an earlier execution is InProgress; attaching to it/);
    expect(result.all).toMatch(/2 finished/);
    expect(cloud.endpoint.count("SageMaker.CreateTrainingJob")).toBe(created);
    // Only the output archives of the two jobs were written: no dataset or code upload.
    expect(
      cloud.s3Server.writes.slice(writes).every((key) => /\/output\/(output|model)\.tar\.gz$/.test(key)),
    ).toBe(true);
    expect((await runsOf("attach")).filter((run) => run.info.status === "FINISHED")).toHaveLength(2);
  });

  it("marks a failing job FAILED with its failure reason and the log tail", async () => {
    const file = await experiment("failing", "{ mode: [fail] }");
    const result = await iqf(["run", file, "--tracking-uri", "mlruns-failing"]);
    expect(result.exitCode).toBe(1);
    const runs = await runsOf("failing");
    expect(runs).toHaveLength(2);
    for (const run of runs) {
      expect(run.info.status).toBe("FAILED");
      const { tags } = run.data;
      expect(tags["iqf.failure"]).toBe("job-failed");
      expect(tags["iqf.failure.detail"]).toMatch(/^AlgorithmError: ExecuteUserScriptError:\nExitCode 2\n/);
      expect(tags["iqf.failure.detail"]).toMatch(/ValueError: simulated training failure/);
      expect(tags["iqf.failure.detail"]).toMatch(/--- last log lines ---\nepochs=1 images=3/);
    }
  });

  it("Ctrl-C stops every job in flight, marks the runs KILLED, exits 130 and leaves no process", async () => {
    const file = await experiment("interrupt", "{ mode: [sleep] }");
    const pids = join(folder, "pids-interrupt");
    const run = iqf(["run", file, "--tracking-uri", "mlruns-interrupt"]);
    await waitFor(async () => (await readdir(pids).catch(() => [])).length === 2);
    const stopsBefore = cloud.endpoint.count("SageMaker.StopTrainingJob");
    run.kill("SIGINT");
    const result = await run;
    expect(result.exitCode, result.all).toBe(130);
    expect(cloud.endpoint.count("SageMaker.StopTrainingJob") - stopsBefore).toBe(2);
    const jobs = [...cloud.endpoint.jobs.values()].filter((job) =>
      job.definition.TrainingJobName.startsWith("iqf-interrupt-"),
    );
    expect(jobs.map((job) => job.status)).toEqual(["Stopped", "Stopped"]);
    const runs = await runsOf("interrupt");
    expect(runs.map((entry) => entry.info.status)).toEqual(["KILLED", "KILLED"]);
    const scripts = (await readdir(pids)).map(Number);
    await waitFor(() => scripts.every((pid) => !isAlive(pid)), 10_000);
  });

  it("never writes credentials into runs, params, tags, logs, job requests or output", async () => {
    const secrets = [
      testCredentials.accessKeyId,
      testCredentials.secretAccessKey,
      testCredentials.sessionToken,
    ];
    const stores = (await readdir(folder)).filter((name) => name.startsWith("mlruns-"));
    expect(stores.length).toBeGreaterThanOrEqual(4);
    const everything = [
      ...(await Promise.all(stores.map((name) => allText(join(folder, name))))),
      ...outputs,
      ...cloud.endpoint.calls.map((call) => call.body),
    ].join("\n");
    for (const secret of secrets) expect(everything).not.toContain(secret);
    // The same grep, as a person would run it.
    for (const secret of secrets) {
      const grep = await execa("grep", ["-r", "-l", secret, ...stores.map((name) => join(folder, name))], {
        reject: false,
      });
      expect(grep.exitCode).toBe(1);
    }
  });
});
