import { existsSync } from "node:fs";
import { readdir, readFile, rm } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import type { Metric } from "@iqf/core";
import {
  CommandNotFound,
  ExperimentInfo,
  ExperimentSetup,
  PythonScriptTaskExecution,
  RunTags,
  ScriptTaskExecution,
} from "@iqf/experiments";
import { JpgModifier, QuantModifier } from "@iqf/modifiers";
import { FileStore } from "@iqf/tracking";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAlive, sampleDataset, tempFolder, waitFor, writeTask } from "./helpers.js";

let folder: string;
let dataset: string;
let task: string;
let control: string;

beforeAll(async () => {
  folder = await tempFolder("setup");
  // A dataset path with spaces and shell metacharacters: it must reach the task unchanged.
  dataset = await sampleDataset(folder, "my data $(touch pwned); 'q' & `x`");
  task = await writeTask(folder);
  control = join(folder, "control");
});
afterAll(() => rm(folder, { recursive: true, force: true }));

function setup(
  store: FileStore,
  name: string,
  extra: Partial<ConstructorParameters<typeof ExperimentSetup>[0]> = {},
) {
  return new ExperimentSetup({
    experimentName: name,
    task: new ScriptTaskExecution({ command: [process.execPath, task], env: { IQF_TEST_CONTROL: control } }),
    refDswTrain: dataset,
    modifiers: [new JpgModifier({ quality: 50 }), new JpgModifier({ quality: 90 })],
    extraTrainParams: { x: [1, 2] },
    tracking: store,
    echo: false,
    ...extra,
  });
}

describe("ExperimentSetup with the file store", () => {
  it("runs every cell, tags its coordinates, logs params, metrics, artifacts and logs; re-running resumes", async () => {
    const store = new FileStore(join(folder, "mlruns-grid"));
    const first = await setup(store, "grid", { repetitions: 2 }).execute();
    expect([first.total, first.finished, first.failed, first.skipped]).toEqual([8, 8, 0, 0]);

    const info = await ExperimentInfo.open("grid", { tracking: store });
    expect(info.runs).toHaveLength(8);
    const run = info.runs.find(
      (r) => r.name.endsWith("#jpg50_modifier") && r.params.x === "2" && r.repetition === 1,
    )!;
    expect(run.name).toBe("my data $(touch pwned); 'q' & `x`#jpg50_modifier");
    expect(run.params).toMatchObject({
      ds_name: run.name,
      modifier: "jpg50_modifier",
      quality: "50",
      x: "2",
      label: "none",
    });
    expect(run.metrics).toMatchObject({ loss: 0.2, score: 2 });
    expect(run.tags).toMatchObject({
      [RunTags.modifier]: "jpg50_modifier",
      [`${RunTags.hyperparameterPrefix}x`]: "2",
    });
    expect(run.datasetPath).toBe(join(folder, `${run.name}`));
    expect(new Set(info.runs.map((r) => r.cellId)).size).toBe(8);
    const history = await store.getMetricHistory(run.runId, "loss");
    expect(history.map((m) => [m.step, m.value])).toEqual([
      [0, 1],
      [1, 0.5],
      [2, 0.2],
    ]);

    const artifacts = (await store.listArtifacts(run.runId)).map((a) => a.path);
    expect(artifacts).toEqual(["args.json", "logs", "output.json", "plots", "results.json"]);
    const logs = (await store.listArtifacts(run.runId, "logs")).map((a) => a.path);
    expect(logs).toEqual(["logs/stderr.txt", "logs/stdout.txt"]);
    const saved = join(folder, "dl");
    await store.downloadArtifacts(run.runId, "", saved);
    expect(await readFile(join(saved, "logs", "stdout.txt"), "utf8")).toBe("task start ok\n");
    const { argv } = JSON.parse(await readFile(join(saved, "args.json"), "utf8"));
    expect(argv.slice(0, 2)).toEqual(["--trainds", join(folder, run.name)]);
    expect(argv.slice(4)).toEqual(["--x", "2"]);
    expect(existsSync(join(folder, "pwned"))).toBe(false);

    const again = await setup(store, "grid", { repetitions: 2 }).execute();
    expect([again.finished, again.failed, again.skipped]).toEqual([0, 0, 8]);
    await info.refresh();
    expect(info.runs).toHaveLength(8);
  });

  it("marks crashed, empty and malformed runs FAILED with the reason, keeps going, and re-runs only them", async () => {
    const store = new FileStore(join(folder, "mlruns-fail"));
    const summary = await setup(store, "failures", {
      modifiers: [new JpgModifier({ quality: 50 })],
      extraTrainParams: { mode: ["ok", "crash", "nothing", "badjson"] },
    }).execute();
    expect([summary.finished, summary.failed]).toEqual([1, 3]);
    const byMode = new Map(summary.results.map((r) => [r.cell.params.mode, r]));
    expect(byMode.get("crash")).toMatchObject({ status: "FAILED", failure: "exit-code" });
    expect(byMode.get("nothing")).toMatchObject({ status: "FAILED", failure: "no-output" });
    expect(byMode.get("nothing")!.detail).toMatch(/wrote nothing into --outputpath/);
    expect(byMode.get("badjson")).toMatchObject({ status: "FAILED", failure: "bad-results" });
    expect(byMode.get("badjson")!.detail).toMatch(/results\.json: is not valid JSON/);

    const crashed = await store.getRun(byMode.get("crash")!.runId!);
    expect(crashed.info.status).toBe("FAILED");
    expect(crashed.data.tags).toMatchObject({ [RunTags.failure]: "exit-code", [RunTags.exitCode]: "3" });
    const saved = await store.downloadArtifacts(
      crashed.info.runId,
      "logs/stderr.txt",
      join(folder, "crash-logs"),
    );
    expect(await readFile(saved, "utf8")).toBe("boom: simulated crash\n");

    const again = await setup(store, "failures", {
      modifiers: [new JpgModifier({ quality: 50 })],
      extraTrainParams: { mode: ["ok", "crash", "nothing", "badjson"] },
    }).execute();
    expect([again.finished, again.failed, again.skipped]).toEqual([0, 3, 1]);
  });

  it("stops a task past its timeout, with its grandchildren, and marks the run FAILED (timeout)", async () => {
    const store = new FileStore(join(folder, "mlruns-timeout"));
    const started = Date.now();
    const summary = await setup(store, "timeout", {
      task: new ScriptTaskExecution({
        command: [process.execPath, task],
        env: { IQF_TEST_CONTROL: control },
        timeoutSeconds: 5,
        killGraceSeconds: 1,
      }),
      modifiers: [new JpgModifier({ quality: 50 })],
      extraTrainParams: { mode: ["hang", "ok"] },
    }).execute();
    expect(Date.now() - started).toBeLessThan(25_000);
    expect(summary.results.map((r) => [r.cell.params.mode, r.status, r.failure])).toEqual([
      ["hang", "FAILED", "timeout"],
      ["ok", "FINISHED", undefined],
    ]);
    const pids = (await readdir(join(control, "pids"))).flatMap((name) => name.split("-").map(Number));
    expect(pids).toHaveLength(2);
    await waitFor(() => pids.every((pid) => !isAlive(pid)), 5_000);
    await rm(join(control, "pids"), { recursive: true, force: true });
  });

  it("runs cells in parallel with per-worker environment and monitoring coordinates", async () => {
    const store = new FileStore(join(folder, "mlruns-parallel"));
    const summary = await setup(store, "parallel", {
      extraTrainParams: { x: [1, 2, 3], label: ["a b; echo hi", "|&$(x)"] },
      concurrency: 2,
      workerEnv: [{ WORKER: "w0" }, { WORKER: "w1" }],
      mlflowMonitoring: true,
      keepOutputs: false,
    }).execute();
    expect(summary.finished).toBe(12);
    const info = await ExperimentInfo.open("parallel", { tracking: store });
    const workers = new Set<string>();
    for (const run of info.runs) {
      const saved = await store.downloadArtifacts(run.runId, "args.json", join(folder, "par", run.runId));
      const { argv, worker } = JSON.parse(await readFile(saved, "utf8"));
      workers.add(worker);
      expect(argv[argv.indexOf("--label") + 1]).toBe(run.params.label);
      expect(argv[argv.indexOf("--mlfrunid") + 1]).toBe(run.runId);
      expect(argv[argv.indexOf("--mlfexpid") + 1]).toBe(info.experiment.experimentId);
      expect(run.params.label).toMatch(/^(a b; echo hi|\|&\$\(x\))$/);
    }
    expect([...workers].sort()).toEqual(["w0", "w1"]);
  });

  it("reconciles runs left RUNNING by a dead process and runs their cells again", async () => {
    const store = new FileStore(join(folder, "mlruns-orphan"));
    const once = await setup(store, "orphan", {
      modifiers: [new JpgModifier({ quality: 50 })],
      extraTrainParams: {},
    }).execute();
    const runId = once.results[0]!.runId!;
    // Pretend the run was left RUNNING by a process that died (pid 2^22 - 1 does not exist).
    await store.updateRun(runId, { status: "RUNNING" });
    await store.setTag(runId, RunTags.owner, `${hostname()}:4194303`);
    const again = await setup(store, "orphan", {
      modifiers: [new JpgModifier({ quality: 50 })],
      extraTrainParams: {},
    }).execute();
    expect(again.reconciled).toBe(1);
    expect(again.finished).toBe(1);
    const orphan = await store.getRun(runId);
    expect(orphan.info.status).toBe("KILLED");
    expect(orphan.data.tags[RunTags.failure]).toBe("orphaned");
  });

  it("applies a metric to every finished run without changing its status, isolating failures", async () => {
    const store = new FileStore(join(folder, "mlruns-grid"));
    const info = await ExperimentInfo.open("grid", { tracking: store });
    const seen: string[] = [];
    const metric: Metric = {
      name: "prediction-score",
      async compute(context) {
        seen.push(context.datasetPath!);
        const predictions = JSON.parse(await readFile(context.predictionsPath!, "utf8"));
        if (context.datasetPath!.endsWith("jpg90_modifier") && predictions[0].score === 2)
          throw new Error("cannot score");
        return { pred_score: predictions[0].score * 10, gt_known: context.groundTruthPath ? 1 : 0 };
      },
    };
    const results = await info.applyMetricPerRun(metric, join(dataset, "coco_annotations.json"));
    expect(results).toHaveLength(8);
    expect(results.filter((r) => r.error === "cannot score")).toHaveLength(2);
    expect(new Set(seen)).toEqual(
      new Set([
        join(folder, `${info.runs[0]!.name.split("#")[0]}#jpg50_modifier`),
        join(folder, `${info.runs[0]!.name.split("#")[0]}#jpg90_modifier`),
      ]),
    );
    const table = info.getTable({ params: ["modifier", "x"], metrics: ["pred_score", "gt_known"] });
    expect(table.size).toBe(6);
    expect(table.rows.every((row) => row.pred_score === (row.x as number) * 10 && row.gt_known === 1)).toBe(
      true,
    );
    expect(info.runs.every((run) => run.status === "FINISHED")).toBe(true);
    const grouped = info.getTable({ params: ["modifier", "x"], metrics: ["score"], groupBy: true });
    expect(grouped.rows.map((row) => [row.modifier, row.x, row.score_mean, row.score_std, row.runs])).toEqual(
      [
        ["jpg50_modifier", 1, 1, 0, 2],
        ["jpg50_modifier", 2, 2, 0, 2],
        ["jpg90_modifier", 1, 1, 0, 2],
        ["jpg90_modifier", 2, 2, 0, 2],
      ],
    );
  });

  it("rejects bad input before any run, naming what to fix", async () => {
    const store = new FileStore(join(folder, "mlruns-bad"));
    expect(() => setup(store, "bad", { extraTrainParams: { trainds: ["x"] } })).toThrow(
      /"trainds" is reserved/,
    );
    expect(() => setup(store, "bad", { extraTrainParams: { lr: 0.1 as never } })).toThrow(
      /lr: must be a list of values/,
    );
    expect(() => setup(store, "bad", { repetitions: 0 })).toThrow(/repetitions: must be at least 1/);
    expect(() => setup(store, "bad", { modifiers: [] })).toThrow(/modifiers: give at least one modifier/);
    await expect(
      setup(store, "bad", {
        task: new ScriptTaskExecution({ command: ["no-such-command-iqf", "x"] }),
      }).execute(),
    ).rejects.toThrow(CommandNotFound);
    await expect(
      setup(store, "bad", {
        task: new PythonScriptTaskExecution({ script: join(folder, "missing.py") }),
      }).execute(),
    ).rejects.toThrow(/missing\.py does not exist/);
    await expect(setup(store, "bad", { refDswTrain: join(folder, "nope") }).execute()).rejects.toThrow(
      /nope/,
    );
    // A param the dataset cannot take is refused once, naming the entry, before any dataset is built.
    await expect(
      setup(store, "bad", {
        modifiers: [
          new JpgModifier({ quality: 50 }),
          [new JpgModifier({ quality: 90 }), new QuantModifier({ bits: 9 })],
          new QuantModifier({ bits: 9 }),
        ],
      }).execute(),
    ).rejects.toThrow(
      /^Invalid parameters for ExperimentSetup: modifiers\[2\]\.params\.bits: must be at most 8 for 8-bit images \(all 2 images, e\.g\. \S+\.jpg\); got 9, use 1 to 8 \(dataset .+\)$/,
    );
    expect((await readdir(folder)).filter((name) => name.includes("quant"))).toEqual([]);
    expect(await store.getExperimentByName("bad")).toBeUndefined();
  });
});
