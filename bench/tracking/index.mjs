// Tracking benchmark: log 1,000 runs × (10 params, 20 metrics × 100 steps) to an MLflow file store
// in bench/.data/tracking, then read them back with `iqf runs <experiment> --format json` (the built
// CLI, spawned) and in-process with FileStore.searchRuns. Reading 1,000 runs must take under 2 s.
// Wall times suffer when the machine is shared, so CPU times (user + system, all threads) are
// reported beside them.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { availableParallelism, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { FileStore } from "@iqf/tracking";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", ".data", "tracking", "mlruns");
const bin = join(here, "..", "..", "packages", "cli", "dist", "bin.js");
const timeTool = "/usr/bin/time";
const runs = 1000;
const params = 10;
const metrics = 20;
const steps = 100;
const writers = 4;
const readLimitSeconds = 2;

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

function inProcessCpu(since) {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

await rm(root, { recursive: true, force: true });
const store = new FileStore(root);
const experimentId = await store.createExperiment("bench-tracking");

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

let next = 0;
const writeStart = performance.now();
const writeCpuStart = process.cpuUsage();
await Promise.all(
  Array.from({ length: writers }, async () => {
    while (next < runs) await logOneRun(next++);
  }),
);
const writeSeconds = (performance.now() - writeStart) / 1000;
const writeCpu = inProcessCpu(writeCpuStart);

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

const searchStart = performance.now();
const searchCpuStart = process.cpuUsage();
const searched = await new FileStore(root).searchRuns({ experimentIds: [experimentId] });
const searchSeconds = (performance.now() - searchStart) / 1000;
const searchCpu = inProcessCpu(searchCpuStart);
if (searched.length !== runs) throw new Error(`searchRuns returned ${searched.length} runs`);

const format = (seconds) => (seconds === undefined ? "-" : seconds.toFixed(2));
const rate = (seconds) => (seconds === undefined ? "-" : String(Math.round(runs / seconds)));
const rows = [
  ["log runs (FileStore, 4 concurrent writers)", writeSeconds, writeCpu, true, "-"],
  ["read runs: iqf runs --format json (spawned CLI)", cli.wall, cli.cpu, true, `< ${readLimitSeconds} s`],
  ["  of which CLI start-up (iqf --version, every command loaded)", startup.wall, startup.cpu, false, "-"],
  ["read runs: FileStore.searchRuns (in process)", searchSeconds, searchCpu, true, "-"],
];
console.log(`${runs} runs × (${params} params, ${metrics} metrics × ${steps} steps)`);
console.log("| operation | wall s | runs/s (wall) | CPU s | runs/s (CPU) | target |");
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
if (cli.wall >= readLimitSeconds) {
  console.error(
    `Reading ${runs} runs with iqf runs took ${cli.wall.toFixed(2)} s wall, above the ${readLimitSeconds} s target.`,
  );
  process.exitCode = 1;
}
