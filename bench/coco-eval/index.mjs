// COCO evaluation benchmark on the `large` synthetic set (5,000 images, 33,953 GT, 245,933
// detections): the built CLI `iqf eval coco --json` end to end (process start, JSON parsing,
// evaluation, output), its peak memory, and evaluateCoco in process, against pycocotools' recorded
// time on this kind of machine (fixtures/reference/cocoeval/expected.json). The set is generated
// with gen_coco.py (python3) into bench/.data/coco/large when missing; results are checked against
// pycocotools' 12 statistics before any figure is printed. Target (issue #15): at least 25×
// pycocotools end to end, under 1 GB. `--scale` adds the 50,000-image set (gen_coco.py --images
// 50000 --cats 80 --seed 4, about 2.5 M detections, into bench/.data/coco/scale50k): one
// `iqf eval coco --json` run, peak RSS at most 3 GB.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { COCO_STAT_NAMES, evaluateCoco } from "@iqf/coco";

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
const referenceDir = join(repo, "fixtures", "reference", "cocoeval");
const setDir = join(repo, "bench", ".data", "coco", "large");
const bin = join(repo, "packages", "cli", "dist", "bin.js");
const repeats = 3;
const targetRatio = 25;
const memoryLimitMb = 1024;
const scaleMemoryLimitMb = 3 * 1024;

const expected = JSON.parse(readFileSync(join(referenceDir, "expected.json"), "utf8"));
const large = expected.sets.find((set) => set.name === "large");
const gt = join(setDir, "gt.json");
const dt = join(setDir, "dt.json");

const sha256 = (path) => createHash("sha256").update(readFileSync(path)).digest("hex");
const upToDate = () =>
  existsSync(gt) &&
  existsSync(dt) &&
  sha256(gt) === large.files.gt_sha256 &&
  sha256(dt) === large.files.dt_sha256;

if (!upToDate()) {
  console.log("generating the large set with gen_coco.py ...");
  await mkdir(setDir, { recursive: true });
  const args = large.generator_command.slice(2, -2);
  await run("python3", [join(referenceDir, "gen_coco.py"), ...args, "--out-dir", setDir]);
  if (!upToDate()) throw new Error("the generated large set differs from the reference (sha256)");
}
if (!existsSync(bin)) throw new Error(`build the CLI first (npx tsc -b packages/cli): ${bin} is missing`);

function checkStats(stats, where) {
  const wrong = COCO_STAT_NAMES.filter((name, i) => !Object.is(stats[name], large.stats[i]));
  if (wrong.length > 0) throw new Error(`${where}: statistics differ from pycocotools: ${wrong.join(", ")}`);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const timeTool = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

/** One end-to-end CLI run: wall seconds and peak RSS in MB (from /usr/bin/time -v when present). */
async function cliRun() {
  const { stats, ...figures } = await timedEval(gt, dt);
  checkStats(stats, "iqf eval coco --json");
  return figures;
}

/** `iqf eval coco --json` on a GT/detections pair: its statistics, wall and CPU seconds, peak RSS in MB. */
async function timedEval(gtFile, dtFile) {
  const cli = [bin, "eval", "coco", "--gt", gtFile, "--dt", dtFile, "--json"];
  const start = performance.now();
  const { stdout, stderr } = timeTool
    ? await run(timeTool, ["-v", process.execPath, ...cli], { maxBuffer: 1 << 26 })
    : await run(process.execPath, cli, { maxBuffer: 1 << 26 });
  const seconds = (performance.now() - start) / 1000;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
  const system = /System time \(seconds\): ([\d.]+)/.exec(stderr);
  const cpu = user && system ? Number(user[1]) + Number(system[1]) : Number.NaN;
  return { stats: JSON.parse(stdout), seconds, cpu, peakMb: rss ? Number(rss[1]) / 1024 : Number.NaN };
}

/** Startup cost of the same CLI doing nothing (`iqf --help`), for reading the end-to-end figure. */
async function startupSeconds() {
  const start = performance.now();
  await run(process.execPath, [bin, "--help"]);
  return { seconds: (performance.now() - start) / 1000, cpu: Number.NaN, peakMb: Number.NaN };
}

const cliRuns = [];
for (let i = 0; i < repeats; i++) cliRuns.push(await cliRun());
const startups = [];
for (let i = 0; i < repeats; i++) startups.push(await startupSeconds());

const inProcess = [];
for (let i = 0; i < repeats; i++) {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const evaluation = await evaluateCoco(gt, dt);
  const cpu = process.cpuUsage(cpuStart);
  inProcess.push({
    seconds: (performance.now() - start) / 1000,
    cpu: (cpu.user + cpu.system) / 1e6,
    peakMb: Number.NaN,
  });
  checkStats(evaluation.stats, "evaluateCoco");
}
const inProcessPeakMb = process.resourceUsage().maxRSS / 1024;

const py = large.timings_s.median;
const pycocotools = py.gt_load_s + py.loadRes_evaluate_s + py.accumulate_s + py.summarize_s;
const pyCpu = large.timings_s.cpu_median;
// pycocotools was timed on an idle machine, where its wall and CPU time agree; this machine is
// shared, so the CPU-time ratio is the one that does not move with the load.
const pycocotoolsCpu = pyCpu.gt_load_s + pyCpu.loadRes_evaluate_s + pyCpu.accumulate_s + pyCpu.summarize_s;
const cliSeconds = median(cliRuns.map((r) => r.seconds));
const cliPeakMb = Math.max(...cliRuns.map((r) => r.peakMb));
const rows = [
  [
    "iqf eval coco --json (spawned CLI, end to end)",
    cliSeconds,
    median(cliRuns.map((r) => r.cpu)),
    cliPeakMb,
  ],
  ["  of which CLI startup (iqf --help)", median(startups.map((r) => r.seconds)), Number.NaN, Number.NaN],
  [
    "evaluateCoco in process (read, parse, evaluate)",
    median(inProcess.map((r) => r.seconds)),
    median(inProcess.map((r) => r.cpu)),
    inProcessPeakMb,
  ],
];
const mb = (value) => (Number.isNaN(value) ? "-" : value.toFixed(0));
const sec = (value) => (Number.isNaN(value) ? "-" : value.toFixed(2));
console.log(
  `large set: ${large.counts.images} images, ${large.counts.gt_annotations} GT, ${large.counts.detections} detections;` +
    ` median of ${repeats}; 2-core machine shared with other work (figures are pessimistic);` +
    ` load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(", ")}`,
);
console.log("statistics: identical to pycocotools (all 12, bit for bit) in every run");
console.log("| measurement | wall s | CPU s | peak MB | pycocotools s | speed-up (wall) | speed-up (CPU) |");
console.log("|---|---:|---:|---:|---:|---:|---:|");
for (const [name, seconds, cpu, peak] of rows) {
  const ratio = name.startsWith("  ") ? "-" : `${(pycocotools / seconds).toFixed(1)}×`;
  const cpuRatio = Number.isNaN(cpu) ? "-" : `${(pycocotoolsCpu / cpu).toFixed(1)}×`;
  const reference = name.startsWith("  ") ? "-" : pycocotools.toFixed(1);
  console.log(
    `| ${name} | ${sec(seconds)} | ${sec(cpu)} | ${mb(peak)} | ${reference} | ${ratio} | ${cpuRatio} |`,
  );
}
console.log(
  `pycocotools (recorded): ${pycocotools.toFixed(1)} s = load+evaluate ${(py.gt_load_s + py.loadRes_evaluate_s).toFixed(1)} s` +
    ` + accumulate ${py.accumulate_s.toFixed(1)} s, without Python start-up (${pycocotoolsCpu.toFixed(1)} s CPU);` +
    ` target ≥ ${targetRatio}× end to end (wall), < ${memoryLimitMb} MB`,
);
const verdict = (ok) => (ok ? "PASS" : "FAIL");
console.log(
  `end to end ${(pycocotools / cliSeconds).toFixed(1)}× pycocotools (target ≥ ${targetRatio}×): ${verdict(pycocotools / cliSeconds >= targetRatio)}; ` +
    `peak ${cliPeakMb.toFixed(0)} MB (target < ${memoryLimitMb} MB): ${verdict(cliPeakMb < memoryLimitMb)}`,
);
if (pycocotools / cliSeconds < targetRatio || cliPeakMb >= memoryLimitMb) process.exitCode = 1;

if (process.argv.includes("--scale")) {
  const scaleDir = join(repo, "bench", ".data", "coco", "scale50k");
  const scaleGt = join(scaleDir, "gt.json");
  const scaleDt = join(scaleDir, "dt.json");
  if (!existsSync(scaleDt)) {
    console.log("generating the 50,000-image set with gen_coco.py (once) ...");
    await mkdir(scaleDir, { recursive: true });
    const args = ["--images", "50000", "--cats", "80", "--seed", "4", "--out-dir", scaleDir];
    await run("python3", [join(referenceDir, "gen_coco.py"), ...args], { maxBuffer: 1 << 26 });
  }
  const scaled = await timedEval(scaleGt, scaleDt);
  const counts = JSON.parse(readFileSync(scaleGt, "utf8")).images.length;
  console.log(
    `scale: ${counts} images: iqf eval coco --json ${scaled.seconds.toFixed(1)} s wall, ${scaled.cpu.toFixed(1)} s CPU, ` +
      `peak ${scaled.peakMb.toFixed(0)} MB (target ≤ ${scaleMemoryLimitMb} MB): ${verdict(scaled.peakMb <= scaleMemoryLimitMb)}; ${COCO_STAT_NAMES[0]} ${scaled.stats[COCO_STAT_NAMES[0]]}`,
  );
  if (scaled.peakMb > scaleMemoryLimitMb) process.exitCode = 1;
}
