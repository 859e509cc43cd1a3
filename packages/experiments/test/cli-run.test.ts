import { existsSync } from "node:fs";
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { FileStore, RestStore } from "@iqf/tracking";
import { execa } from "execa";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type MlflowTestServer,
  startMlflowTestServer,
} from "../../tracking/test/helpers/mlflow-test-server.js";
import { isAlive, repoRoot, sampleDataset, tempFolder, waitFor, writeTask } from "./helpers.js";

const bin = join(repoRoot, "packages", "cli", "dist", "bin.js");
const datasetName = "my data $(touch pwned); 'q' & x";
let folder: string;
let control: string;

beforeAll(async () => {
  folder = await tempFolder("cli");
  control = join(folder, "control");
  await sampleDataset(folder, datasetName);
  await writeTask(folder);
});
afterAll(() => rm(folder, { recursive: true, force: true }));

interface ExperimentYaml {
  name: string;
  grid?: string;
  extra?: string;
  modifiers?: string;
  dataset?: string;
  command?: string;
}

async function writeExperiment(file: string, options: ExperimentYaml): Promise<string> {
  const path = join(folder, file);
  await writeFile(
    path,
    [
      `name: ${options.name}`,
      `dataset: ${options.dataset ?? JSON.stringify(`./${datasetName}`)}`,
      "modifiers:",
      options.modifiers ??
        "  - { type: jpg, params: { quality: 30 } }\n  - { type: jpg, params: { quality: 80 } }",
      "task:",
      `  command: ${options.command ?? JSON.stringify([process.execPath, "task.mjs"])}`,
      `  env: { IQF_TEST_CONTROL: ${JSON.stringify(control)} }`,
      `extraTrainParams: ${options.grid ?? "{ x: [1, 2] }"}`,
      options.extra ?? "",
    ].join("\n"),
  );
  return path;
}

function iqf(args: string[], env: Record<string, string> = {}) {
  return execa(process.execPath, [bin, ...args], { cwd: folder, reject: false, env, all: true });
}

describe("iqf run", () => {
  it("runs the grid with a progress line per run and a summary, resumes on re-run, exit 0", async () => {
    const file = await writeExperiment("ok.yaml", { name: "cli-ok" });
    const first = await iqf(["run", file, "--quiet"]);
    expect(first.exitCode, first.all).toBe(0);
    expect(first.stdout).toMatch(
      /\[1\/4\] FINISHED my data \$\(touch pwned\); 'q' & x#jpg30_modifier x=1 rep=0/,
    );
    expect(first.stdout).toMatch(
      /cli-ok: 4 runs — 4 finished, 0 failed, 0 skipped in [\d.]+s \(tracking: \.\/mlruns\)/,
    );
    expect(existsSync(join(folder, "pwned"))).toBe(false);
    const second = await iqf(["run", file]);
    expect(second.exitCode).toBe(0);
    expect(second.stdout).toMatch(/4 runs — 0 finished, 0 failed, 4 skipped/);
    const store = new FileStore(join(folder, "mlruns"));
    const experiment = await store.getExperimentByName("cli-ok");
    expect(await store.searchRuns({ experimentIds: [experiment!.experimentId] })).toHaveLength(4);
  });

  it("honours --tracking-uri over MLFLOW_TRACKING_URI", async () => {
    const file = await writeExperiment("uri.yaml", {
      name: "cli-uri",
      grid: "{ x: [1] }",
      modifiers: "  - { type: jpg, params: { quality: 30 } }",
    });
    const result = await iqf(["run", file, "--quiet", "--tracking-uri", join(folder, "explicit")], {
      MLFLOW_TRACKING_URI: join(folder, "from-env"),
    });
    expect(result.exitCode, result.all).toBe(0);
    expect(existsSync(join(folder, "explicit"))).toBe(true);
    expect(existsSync(join(folder, "from-env"))).toBe(false);
  });

  it("exits 1 when a run failed, naming the reason, after running the others", async () => {
    const file = await writeExperiment("fail.yaml", {
      name: "cli-fail",
      grid: "{ mode: [ok, crash, nothing] }",
    });
    const result = await iqf(["run", file, "--quiet"]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/FAILED {2}.*mode=crash rep=0 .* — exit-code: the task exited with code 3/);
    expect(result.stdout).toMatch(
      /FAILED {2}.*mode=nothing .* — no-output: the task wrote nothing into --outputpath/,
    );
    expect(result.stdout).toMatch(/6 runs — 2 finished, 4 failed, 0 skipped/);
  });

  it("stops on Ctrl-C: kills the task process groups, marks runs KILLED, exits promptly; the next run resumes", async () => {
    const file = await writeExperiment("interrupt.yaml", {
      name: "cli-interrupt",
      extra: "concurrency: 2",
      modifiers: "  - { type: jpg, params: { quality: 30 } }",
    });
    await mkdir(control, { recursive: true });
    await writeFile(join(control, "hang"), "");
    await rm(join(control, "pids"), { recursive: true, force: true });
    const child = execa(process.execPath, [bin, "run", file, "--quiet"], {
      cwd: folder,
      reject: false,
      all: true,
    });
    await waitFor(
      async () => existsSync(join(control, "pids")) && (await readdir(join(control, "pids"))).length === 2,
      45_000,
    );
    const pids = (await readdir(join(control, "pids"))).flatMap((name) => name.split("-").map(Number));
    const sent = Date.now();
    child.kill("SIGINT");
    const result = await child;
    expect(Date.now() - sent).toBeLessThan(10_000);
    expect(result.exitCode, result.all).toBe(130);
    expect(result.stdout).toMatch(/2 runs — 0 finished, 0 failed, 0 skipped, 2 killed/);
    await waitFor(() => pids.every((pid) => !isAlive(pid)), 5_000);
    const store = new FileStore(join(folder, "mlruns"));
    const experiment = await store.getExperimentByName("cli-interrupt");
    const runs = await store.searchRuns({ experimentIds: [experiment!.experimentId] });
    expect(runs.map((run) => [run.info.status, run.data.tags["iqf.failure"]])).toEqual([
      ["KILLED", "interrupted"],
      ["KILLED", "interrupted"],
    ]);

    await rm(join(control, "hang"));
    const again = await iqf(["run", file, "--quiet"]);
    expect(again.exitCode, again.all).toBe(0);
    expect(again.stdout).toMatch(/2 runs — 2 finished, 0 failed, 0 skipped/);
    const after = await store.searchRuns({ experimentIds: [experiment!.experimentId] });
    expect(after.filter((run) => run.info.status === "FINISHED")).toHaveLength(2);
  });

  it.each([
    [
      "unknown modifier type",
      { modifiers: "  - { type: jpgg }" },
      /modifiers\[0\]\.type: unknown modifier type "jpgg"; use one of none, jpg, /,
    ],
    [
      "unknown modifier param",
      { modifiers: "  - { type: jpg, params: { qualty: 10 } }" },
      /modifiers\[0\]\.params: .*qualty/,
    ],
    ["missing dataset", { dataset: "./nowhere" }, /dataset: the folder .*nowhere does not exist/],
    [
      "non-list grid values",
      { grid: "{ epochs: 10 }" },
      /extraTrainParams\.epochs: must be a list of values, e\.g\. \[10\]/,
    ],
    [
      "reserved param name",
      { grid: "{ outputpath: [a] }" },
      /extraTrainParams\.outputpath: "outputpath" is reserved/,
    ],
    ["unknown key", { extra: "repetition: 2" }, /Unrecognized key.*repetition/],
    [
      "command that does not exist",
      { command: "[no-such-trainer-iqf, train.py]" },
      /Task command "no-such-trainer-iqf" cannot be run: it is not on PATH/,
    ],
  ])("rejects %s with a clear error naming the file and field", async (_label, options, message) => {
    const file = await writeExperiment("bad.yaml", { name: "cli-bad", ...options });
    const result = await iqf(["run", file]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^iqf: /);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("runs the same experiment file against an MLflow REST server", async () => {
    const server: MlflowTestServer = await startMlflowTestServer();
    try {
      const file = await writeExperiment("rest.yaml", { name: "cli-rest" });
      const result = await iqf(["run", file, "--quiet", "--tracking-uri", server.url]);
      expect(result.exitCode, result.all).toBe(0);
      expect(result.stdout).toMatch(/4 runs — 4 finished, 0 failed, 0 skipped/);
      const store = new RestStore(server.url);
      const experiment = await store.getExperimentByName("cli-rest");
      const runs = await store.searchRuns({ experimentIds: [experiment!.experimentId] });
      expect(runs).toHaveLength(4);
      expect(
        runs.every((run) => run.info.status === "FINISHED" && run.data.metrics.score !== undefined),
      ).toBe(true);
      const artifacts = (await store.listArtifacts(runs[0]!.info.runId)).map((a) => a.path);
      expect(artifacts).toContain("results.json");
      const again = await iqf(["run", file, "--quiet", "--tracking-uri", server.url]);
      expect(again.stdout).toMatch(/4 runs — 0 finished, 0 failed, 4 skipped/);
    } finally {
      await server.close();
    }
  });
});

describe("iqf plot", () => {
  it("plots a metric against a param, one series per legend value", async () => {
    const result = await iqf([
      "plot",
      "cli-ok",
      "--x",
      "quality",
      "--y",
      "score",
      "--legend",
      "x",
      "-o",
      "plot.png",
    ]);
    expect(result.exitCode, result.all).toBe(0);
    expect(result.stdout).toMatch(/wrote plot\.png \(4 runs\)/);
    expect((await sharp(join(folder, "plot.png")).metadata()).format).toBe("png");
  });

  it("names a missing experiment and an unknown column", async () => {
    const missing = await iqf(["plot", "nope", "--x", "quality", "--y", "score"]);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toMatch(/No experiment named "nope"/);
    const column = await iqf(["plot", "cli-ok", "--x", "quality", "--y", "rmse"]);
    expect(column.exitCode).toBe(1);
    expect(column.stderr).toMatch(/no finished run with values for quality, rmse/);
  });
});
