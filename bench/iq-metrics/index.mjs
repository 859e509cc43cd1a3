// Image-quality metrics benchmark on the COCO sample (10 JPEGs): SNR (hb, ha) and sharpness per
// image, in process, against iquaflow's recorded per-image times on this kind of machine
// (fixtures/reference/iquaflow/iquaflow-ref.json → timings). Before timing, the SNR numbers are
// checked against iquaflow's reference values (the benchmark refuses to report a faster but
// different result). Times are the median of 3 runs, in one thread (concurrency 1) so that the
// CPU time is comparable to iquaflow's single-process figures; the wall time with worker threads
// on all cores is printed too. On a shared, loaded machine wall times are pessimistic; the CPU
// time is the fairer figure there.
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { measureSharpness, measureSnr } from "@iqf/metrics";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
const dataset = join(repo, "data", "ds_coco_dataset");
const reference = JSON.parse(
  readFileSync(join(repo, "fixtures/reference/iquaflow/iquaflow-ref.json"), "utf8"),
);
const timings = reference.timings["timing_sharp_snr_mods_dsstats_sanity.json"];
const repeats = 3;
const targetRatio = 10;
/** The issue sets the ≥10× target for sharpness and SNR `ha` only (hb is numpy-vectorised in iquaflow). */
const hasTarget = (name) => name.startsWith("SNR ha") || name === "sharpness";

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Median wall time and median CPU time (user + system, this process) of `repeats` runs. */
async function timeIt(task) {
  const wall = [];
  const cpu = [];
  let result;
  for (let i = 0; i < repeats; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    result = await task();
    const used = process.cpuUsage(c);
    wall.push((performance.now() - t) / 1000);
    cpu.push((used.user + used.system) / 1e6);
  }
  return { seconds: median(wall), cpu: median(cpu), result };
}

function checkSnr(report, key) {
  const expected = reference.snr.coco.aggregate_as_SNRMetric[key];
  for (const name of ["snr_median", "snr_mean", "snr_std"]) {
    if (Math.abs(report[name] / expected[name] - 1) > 1e-9)
      throw new Error(`${key} ${name}: ${report[name]} differs from iquaflow's ${expected[name]}`);
  }
}

const perImage = timings.snr_function_from_fn_per_image;
const files = reference.snr.coco.files;
const iquaflowSnr = (key) => files.reduce((a, f) => a + perImage[f][key].median_s, 0) / files.length;
const sharpPerImage = timings.sharpness_function_from_fn_per_image;
const iquaflowSharpness = files.reduce((a, f) => a + sharpPerImage[f].median_s, 0) / files.length;
const sharpRange = files.map((f) => sharpPerImage[f].median_s);

const rows = [];
async function bench(name, measure, theirs, check) {
  const single = await timeIt(() => measure(1));
  if (check) check(single.result);
  const parallel = await timeIt(() => measure(availableParallelism()));
  if (check) check(parallel.result);
  rows.push([
    name,
    single.cpu / files.length,
    single.seconds / files.length,
    parallel.seconds / files.length,
    theirs,
  ]);
}
await bench(
  "SNR hb (patch 3)",
  (concurrency) => measureSnr(dataset, { method: "hb", concurrency }),
  iquaflowSnr("HB_default"),
  (r) => checkSnr(r, "HB_default"),
);
await bench(
  "SNR ha (patch 3)",
  (concurrency) => measureSnr(dataset, { method: "ha", patchSize: 3, concurrency }),
  iquaflowSnr("HA_metric_default_patch3"),
  (r) => checkSnr(r, "HA_metric_default"),
);
await bench(
  "SNR ha (patch 4)",
  (concurrency) => measureSnr(dataset, { method: "ha", patchSize: 4, concurrency }),
  iquaflowSnr("HA_test_params_patch4"),
  (r) => checkSnr(r, "HA_test_params"),
);
await bench(
  "SNR robust (iqf only)",
  (concurrency) => measureSnr(dataset, { method: "robust", concurrency }),
  Number.NaN,
);
await bench("sharpness", (concurrency) => measureSharpness(dataset, { concurrency }), iquaflowSharpness);

console.log(
  `COCO sample, ${files.length} images, ${availableParallelism()} cores, median of ${repeats} runs (s per image)`,
);
console.log(
  `iquaflow sharpness per image ranges ${Math.min(...sharpRange).toFixed(1)}–${Math.max(...sharpRange).toFixed(1)} s`,
);
console.log(
  `load average at the end: ${(await import("node:os"))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
console.log(
  "| metric | iqf CPU s/image (1 thread) | iqf wall s/image (1 thread) | iqf wall s/image (all cores) | iquaflow s/image | speed-up (CPU) | speed-up (wall, all cores) | target |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|---|");
const fmt = (x) => (Number.isNaN(x) ? "-" : x.toFixed(3));
for (const [name, cpu, wall1, wallN, theirs] of rows) {
  const ratio = theirs / cpu;
  const ratioWall = theirs / wallN;
  const verdict =
    !hasTarget(name) || Number.isNaN(ratio)
      ? "-"
      : ratio >= targetRatio
        ? `≥${targetRatio}× met (CPU)`
        : `≥${targetRatio}× NOT met`;
  console.log(
    `| ${name} | ${fmt(cpu)} | ${fmt(wall1)} | ${fmt(wallN)} | ${fmt(theirs)} | ${Number.isNaN(ratio) ? "-" : `${ratio.toFixed(1)}×`} | ${Number.isNaN(ratioWall) ? "-" : `${ratioWall.toFixed(1)}×`} | ${verdict} |`,
  );
}
console.log("SNR hb/ha aggregates checked equal to iquaflow (1e-9 relative) before timing.");
