// Tracking benchmark: log 1,000 runs × (10 params, 20 metrics × 100 steps) to an MLflow file store
// in bench/.data/tracking, then read them back with `iqf runs <experiment> --format json` (the built
// CLI, spawned), in-process with FileStore.searchRuns and with ExperimentInfo.open, after a first
// read without the run summary cache (as of a store written by MLflow or another tool). Reading
// 1,000 runs must take under 2 s, the first read included. With `--scale`: 10,000 runs, read in at
// most 5 s (issue #15); the store is kept in bench/.data/tracking-scale and reused while complete.
// Wall times suffer when the machine is shared, so CPU times (user + system, all threads) are
// reported beside them; the verdicts are on wall time.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import { availableParallelism, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { ExperimentInfo } from "@iqf/experiments";
import { FileStore } from "@iqf/tracking";

const here = dirname(fileURLToPath(import.meta.url));
const scale = process.argv.includes("--scale");
const root = join(here, "..", ".data", scale ? "tracking-scale" : "tracking", "mlruns");
const bin = join(here, "..", "..", "packages", "cli", "dist", "bin.js");
const timeTool = "/usr/bin/time";
const runs = scale ? 10_000 : 1000;
const params = 10;
const metrics = 20;
const steps = 100;
const writers = 4;
const readLimitSeconds = scale ? 5 : 2;

/** Runs the built CLI; resolves to its stdout, wall seconds and (when /usr/bin/time exists) CPU seconds. */
async function iqf(args) {
  const withTime = existsSync(timeTool);
  const [file, argv] = withTime
    ? [timeTool, ["-f", "cpu-seconds %U %S", process.execPath, bin, ...args]]
    : [process.execPath, [bin, ...args]];
  const started = performance.now();
  const { stdout, stderr } = await promisify(execFile)(file, argv, { maxBuffer: 1 << 30 });
  const wall = (performance.now() - started) / 1000;
  const match = /cpu-seconds ([\d.]+) ([\d.]+)/.exec(stderr);
  return { stdout, wall, cpu: match ? Number(match[1]) + Number(match[2]) : undefined };
}

/** Runs `work` in this process; its result with the wall and CPU seconds (all threads) it took. */
async function timed(work) {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const value = await work();
  const used = process.cpuUsage(cpuStart);
  return { value, wall: (performance.now() - start) / 1000, cpu: (used.user + used.system) / 1e6 };
}

/** The experiment of a store left by an earlier complete run of this bench (every run finished), if any. */
async function completeExperiment() {
  try {
    const existing = new FileStore(root);
    const experiment = await existing.getExperimentByName("bench-tracking");
    if (!experiment) return undefined;
    const folders = await readdir(join(root, experiment.experimentId), { withFileTypes: true });
    return folders.filter((entry) => entry.isDirectory()).length === runs
      ? experiment.experimentId
      : undefined;
  } catch {
    return undefined;
  }
}

const reused = scale ? await completeExperiment() : undefined;
if (!reused) await rm(root, { recursive: true, force: true });
const store = new FileStore(root);
const experimentId = reused ?? (await store.createExperiment("bench-tracking"));

async function logOneRun(index) {
  const { info } = await store.createRun({
    experimentId,
    runName: `run-${index}`,
    startTime: 1700000000000 + index,
  });
  const batchMetrics = [];
  for (let metric = 0; metric < metrics; metric++) {
    for (let step = 0; step < steps; step++) {
      batchMetrics.push({
        key: `metric_${metric}`,
        value: Math.sin(index + metric + step / 7),
        timestamp: 1700000000000 + step,
        step,
      });
    }
  }
  await store.logBatch(info.runId, {
    params: Array.from({ length: params }, (_, param) => ({
      key: `param_${param}`,
      value: String(index * params + param),
    })),
    metrics: batchMetrics,
  });
  await store.updateRun(info.runId, { status: "FINISHED", endTime: 1700000100000 + index });
}

let next = reused ? runs : 0;
const write = await timed(() =>
  Promise.all(
    Array.from({ length: writers }, async () => {
      while (next < runs) await logOneRun(next++);
    }),
  ),
);

// The first read of an experiment reads every run folder and leaves a summary of each ended run
// in <experiment>/.iqf-run-summaries.json; later reads check each run with stat calls and reuse its
// summary. The cache is removed first so that both figures are measured.
await rm(join(root, experimentId, ".iqf-run-summaries.json"), { force: true });
const first = await timed(() => new FileStore(root).searchRuns({ experimentIds: [experimentId] }));
if (first.value.length !== runs) throw new Error(`searchRuns returned ${first.value.length} runs`);

const cli = await iqf(["runs", "bench-tracking", "--format", "json", "--tracking-uri", root]);
const listed = JSON.parse(cli.stdout);
if (
  listed.length !== runs ||
  Object.keys(listed[0].metrics).length !== metrics ||
  Object.keys(listed[0].params).length !== params
) {
  throw new Error(`iqf runs listed ${listed.length} runs with unexpected content`);
}
const startup = await iqf(["--version"]);

const search = await timed(() => new FileStore(root).searchRuns({ experimentIds: [experimentId] }));
if (search.value.length !== runs) throw new Error(`searchRuns returned ${search.value.length} runs`);

const open = await timed(() => ExperimentInfo.open("bench-tracking", { tracking: root }));
if (open.value.runs.length !== runs)
  throw new Error(`ExperimentInfo.open read ${open.value.runs.length} runs`);

/** The target and whether a read of every run met it. */
function verdict(seconds) {
  return `≤ ${readLimitSeconds} s: ${seconds <= readLimitSeconds ? "PASS" : "FAIL"}`;
}
const format = (seconds) => (seconds === undefined ? "-" : seconds.toFixed(2));
const rate = (seconds) => (seconds === undefined ? "-" : String(Math.round(runs / seconds)));
const rows = [
  [
    reused ? "log runs: reused from an earlier run" : "log runs (FileStore, 4 concurrent writers)",
    reused ? undefined : write.wall,
    reused ? undefined : write.cpu,
    true,
    "-",
  ],
  [
    "first read, no summary cache yet: FileStore.searchRuns (in process)",
    first.wall,
    first.cpu,
    true,
    verdict(first.wall),
  ],
  ["read runs: iqf runs --format json (spawned CLI)", cli.wall, cli.cpu, true, verdict(cli.wall)],
  ["  of which CLI start-up (iqf --version, every command loaded)", startup.wall, startup.cpu, false, "-"],
  ["read runs: FileStore.searchRuns (in process)", search.wall, search.cpu, true, "-"],
  ["read runs: ExperimentInfo.open (in process)", open.wall, open.cpu, true, verdict(open.wall)],
];
console.log(`${runs} runs × (${params} params, ${metrics} metrics × ${steps} steps)`);
console.log("| operation | wall s | runs/s (wall) | CPU s | runs/s (CPU) | target: verdict |");
console.log("|---|---:|---:|---:|---:|---|");
for (const [name, wall, cpu, perRun, target] of rows) {
  console.log(
    `| ${name} | ${format(wall)} | ${perRun ? rate(wall) : "-"} | ${format(cpu)} | ${perRun ? rate(cpu) : "-"} | ${target} |`,
  );
}
const load = loadavg().map((value) => value.toFixed(1));
console.log(
  `Load average ${load.join(" ")} on ${availableParallelism()} cores: wall times are pessimistic on a shared machine.`,
);
if (Math.max(first.wall, cli.wall, open.wall) > readLimitSeconds) {
  console.error(
    `Reading ${runs} runs took ${first.wall.toFixed(2)} s (first read), ${cli.wall.toFixed(2)} s (iqf runs) and ${open.wall.toFixed(2)} s (ExperimentInfo.open) wall; target ${readLimitSeconds} s.`,
  );
  process.exitCode = 1;
}
