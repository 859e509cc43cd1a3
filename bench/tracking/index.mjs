// Tracking benchmark: log 1,000 runs × (10 params, 20 metrics × 100 steps) to an MLflow file store
// in bench/.data/tracking, then read them back with `iqf runs <experiment> --format json` (the built
// CLI, spawned) and in-process with FileStore.searchRuns. Reading 1,000 runs must take under 2 s.
import { execFile } from "node:child_process";
import { rm } from "node:fs/promises";
import { availableParallelism, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { FileStore } from "@iqf/tracking";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", ".data", "tracking", "mlruns");
const bin = join(here, "..", "..", "packages", "cli", "dist", "bin.js");
const runs = 1000;
const params = 10;
const metrics = 20;
const steps = 100;
const writers = 4;
const readLimitSeconds = 2;

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
await Promise.all(
  Array.from({ length: writers }, async () => {
    while (next < runs) await logOneRun(next++);
  }),
);
const writeSeconds = (performance.now() - writeStart) / 1000;

const readStart = performance.now();
const { stdout } = await promisify(execFile)(
  process.execPath,
  [bin, "runs", "bench-tracking", "--format", "json", "--tracking-uri", root],
  {
    maxBuffer: 1 << 30,
  },
);
const cliSeconds = (performance.now() - readStart) / 1000;
const listed = JSON.parse(stdout);
if (
  listed.length !== runs ||
  Object.keys(listed[0].metrics).length !== metrics ||
  Object.keys(listed[0].params).length !== params
) {
  throw new Error(`iqf runs listed ${listed.length} runs with unexpected content`);
}

const startupStart = performance.now();
await promisify(execFile)(process.execPath, [bin, "--version"]);
const startupSeconds = (performance.now() - startupStart) / 1000;

const searchStart = performance.now();
const cpuBefore = process.cpuUsage();
const searched = await new FileStore(root).searchRuns({ experimentIds: [experimentId] });
const searchSeconds = (performance.now() - searchStart) / 1000;
const searchCpu = process.cpuUsage(cpuBefore);
const searchCpuSeconds = (searchCpu.user + searchCpu.system) / 1e6;
if (searched.length !== runs) throw new Error(`searchRuns returned ${searched.length} runs`);

const rows = [
  ["log runs (FileStore, 4 writers)", writeSeconds, "-"],
  ["read runs: iqf runs --format json (spawned CLI)", cliSeconds, `< ${readLimitSeconds} s`],
  ["read runs: FileStore.searchRuns (in process)", searchSeconds, "-"],
];
const startupRow = `| iqf --version (CLI start-up, every command loaded) | ${startupSeconds.toFixed(2)} | - | - |`;
console.log(
  `${runs} runs × (${params} params, ${metrics} metrics × ${steps} steps), 2-core machine shared with other work`,
);
console.log("| operation | seconds | runs/s | target |");
console.log("|---|---:|---:|---|");
for (const [name, seconds, target] of rows) {
  console.log(`| ${name} | ${seconds.toFixed(2)} | ${Math.round(runs / seconds)} | ${target} |`);
}
console.log(startupRow);
console.log(
  `In-process read CPU time (all threads): ${searchCpuSeconds.toFixed(2)} s; load average ${loadavg()
    .map((value) => value.toFixed(1))
    .join(
      " ",
    )} on ${availableParallelism()} cores (wall times above are pessimistic when the machine is shared).`,
);
if (cliSeconds >= readLimitSeconds) {
  console.error(
    `Reading ${runs} runs took ${cliSeconds.toFixed(2)} s, above the ${readLimitSeconds} s target.`,
  );
  process.exitCode = 1;
}
