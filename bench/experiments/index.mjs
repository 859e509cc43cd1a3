// Orchestration overhead of the experiment grid: 200 runs of a trivial task script
// (writes a small results.json), tracked in a file store. Overhead per run = (wall time of
// the grid − time spent inside the task processes) / runs, at concurrency 1, and the CPU time
// the orchestrating process itself used per run (robust on a busy machine); then the same
// grid at concurrency 2 for the speed-up. Targets (issue #15): at most 30 ms per run, near-linear
// speed-up (> 1.6×) with 2 cores. `--scale` runs 500 runs instead of 200.
// The modified dataset is built once beforehand, so only the run orchestration is timed.
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ExperimentSetup, ScriptTaskExecution } from "@iqf/experiments";
import { JpgModifier } from "@iqf/modifiers";
import { FileStore } from "@iqf/tracking";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const RUNS = process.argv.includes("--scale") ? 500 : 200;
const TARGET_MS = 30;
const verdict = (ok) => (ok ? "PASS" : "FAIL");
const folder = await mkdtemp(join(tmpdir(), "iqf-bench-experiments-"));
try {
  const dataset = join(folder, "ds");
  await mkdir(join(dataset, "images"), { recursive: true });
  const source = join(root, "data", "ds_coco_dataset", "images");
  const [image] = (await readdir(source)).sort();
  await copyFile(join(source, image), join(dataset, "images", image));
  const task = join(folder, "task.mjs");
  await writeFile(
    task,
    'import { writeFileSync } from "node:fs";\n' +
      'const out = process.argv[process.argv.indexOf("--outputpath") + 1];\n' +
      'writeFileSync(out + "/results.json", JSON.stringify({ score: 1, loss: [1, 0.5] }));\n',
  );
  const modifier = new JpgModifier({ quality: 50 });
  const grid = { x: Array.from({ length: RUNS / 2 }, (_, i) => i) };

  const runGrid = async (name, concurrency) => {
    const store = new FileStore(join(folder, `mlruns-${name}`));
    const setup = new ExperimentSetup({
      experimentName: name,
      task: new ScriptTaskExecution({ command: [process.execPath, task] }),
      refDswTrain: dataset,
      modifiers: [modifier],
      extraTrainParams: name === "warm-up" ? { x: [0] } : grid,
      repetitions: name === "warm-up" ? 1 : 2,
      concurrency,
      tracking: store,
      echo: false,
    });
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const summary = await setup.execute();
    const wall = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const taskMs = summary.results.reduce((sum, result) => sum + (result.taskMs ?? 0), 0);
    if (summary.failed > 0)
      throw new Error(`${summary.failed} runs failed: ${summary.results.find((r) => r.failure)?.detail}`);
    return { runs: summary.finished, wall, taskMs, cpuMs: (cpu.user + cpu.system) / 1000 };
  };

  await runGrid("warm-up", 1);
  const serial = await runGrid("serial", 1);
  const parallel = await runGrid("parallel", 2);
  const overhead = (serial.wall - serial.taskMs) / serial.runs;
  const rows = [
    {
      measure: "orchestration overhead per run (concurrency 1)",
      value: `${overhead.toFixed(1)} ms`,
      target: `≤ ${TARGET_MS} ms`,
      ok: verdict(overhead <= TARGET_MS),
    },
    {
      measure: "CPU time of the orchestrating process per run",
      value: `${(serial.cpuMs / serial.runs).toFixed(1)} ms`,
      target: "",
      ok: "",
    },
    {
      measure: "task time per run (node startup + write)",
      value: `${(serial.taskMs / serial.runs).toFixed(1)} ms`,
      target: "",
      ok: "",
    },
    {
      measure: `${serial.runs} runs, concurrency 1`,
      value: `${(serial.wall / 1000).toFixed(2)} s`,
      target: "",
      ok: "",
    },
    {
      measure: `${parallel.runs} runs, concurrency 2`,
      value: `${(parallel.wall / 1000).toFixed(2)} s`,
      target: "",
      ok: "",
    },
    {
      measure: "speed-up with concurrency 2",
      value: `${(serial.wall / parallel.wall).toFixed(2)}×`,
      target: "≈ 2× on 2 free cores",
      ok: verdict(serial.wall / parallel.wall > 1.6),
    },
  ];
  console.table(rows);
  const load = loadavg().map((value) => value.toFixed(1));
  console.log(
    `cores: ${availableParallelism()}, load average ${load.join(" ")}: wall times are pessimistic on a shared machine; no iquaflow reference (it runs cells sequentially through a shell).`,
  );
} finally {
  await rm(folder, { recursive: true, force: true });
}
