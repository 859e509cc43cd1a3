// Sanity and stats on large synthetic datasets (see generate.mjs): a COCO file with 100,000
// annotations over 5,000 images and a GeoJSON with 50,000 polygons (some invalid). Each phase runs
// in its own process so that its peak RSS is its own. Targets: each under 10 s and 1 GB.
// iquaflow's reference: DsStats.perform_stats on the 10-image COCO sample took 0.481 s and
// SanityCheck.check_annotations 0.00118 s (fixtures/reference/iquaflow/iquaflow-ref.md §6);
// iquaflow never decodes images, iqf's sanity decodes every one.
// `--scale` (issue #15): the COCO set at 20,000 images / 500,000 annotations, peak RSS at most
// 1 GB, time printed per 1,000 images (bench/.data/sanity-stats-scale).
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { ensureDatasets, SCALE_SIZES, SIZES } from "./generate.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
const scale = process.argv.includes("--scale");
const sizes = scale ? SCALE_SIZES : SIZES;
const dataRoot = join(repo, "bench", ".data", scale ? "sanity-stats-scale" : "sanity-stats");
const targetSeconds = scale ? Number.POSITIVE_INFINITY : 10;
const targetMb = 1024;
const reference = { sanity: 0.00118, stats: 0.481 };

async function phase(name, folder) {
  const out = await mkdtemp(join(tmpdir(), "iqf-bench-sanity-"));
  const start = performance.now();
  let detail;
  try {
    if (name === "sanity") {
      const { checkDataset } = await import("@iqf/sanity");
      const report = await checkDataset(folder, { out: join(out, "fixed") });
      detail = `${report.checked.images} images, ${report.checked.annotations} annotations, ${report.problems.length} problems, kept ${report.kept.annotations}`;
    } else {
      const { DsStats } = await import("@iqf/stats");
      const result = await new DsStats(folder, {
        outputDir: join(out, "stats"),
        plots: true,
        html: true,
      }).performStats();
      detail = `${result.entries.length} stats entries, plots and HTML written`;
    }
  } finally {
    await rm(out, { recursive: true, force: true });
  }
  const seconds = (performance.now() - start) / 1000;
  const usage = process.resourceUsage();
  const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
  process.stdout.write(JSON.stringify({ seconds, cpuSeconds, peakMb: usage.maxRSS / 1024, detail }));
}

async function statsAvailable() {
  try {
    const stats = await import("@iqf/stats");
    return typeof stats.DsStats === "function";
  } catch {
    return false;
  }
}

if (process.argv[2] === "--phase") {
  await phase(process.argv[3], process.argv[4]);
} else {
  const { coco, geo } = await ensureDatasets(dataRoot, sizes);
  const thousands = (n) => `${n / 1000}k`;
  const sets = [
    [
      `COCO ${thousands(sizes.cocoAnnotations)} ann / ${thousands(sizes.cocoImages)} img`,
      coco,
      sizes.cocoImages,
    ],
  ];
  if (geo) sets.push([`GeoJSON ${thousands(sizes.geoFeatures)} polygons`, geo, sizes.geoImages]);
  const run = promisify(execFile);
  const phases = ["sanity", ...((await statsAvailable()) ? ["stats"] : [])];
  if (phases.length === 1) console.log("@iqf/stats is not built: only sanity is measured");
  const rows = [];
  for (const name of phases) {
    for (const [label, folder, images] of sets) {
      const { stdout } = await run(
        process.execPath,
        [fileURLToPath(import.meta.url), "--phase", name, folder],
        {
          maxBuffer: 1 << 24,
        },
      );
      const result = JSON.parse(stdout);
      rows.push({ name, label, images, ...result });
    }
  }
  console.log(
    `| phase | data | seconds | s per 1,000 images | CPU seconds (all threads) | peak RSS (MB) | target | iquaflow (10-image sample) | detail |`,
  );
  console.log(`|---|---|---|---|---|---|---|---|---|`);
  const target = scale ? `≤ ${targetMb} MB` : `< ${targetSeconds} s, < ${targetMb} MB`;
  for (const row of rows) {
    const ok = row.seconds < targetSeconds && row.peakMb <= targetMb ? "PASS" : "FAIL";
    console.log(
      `| ${row.name} | ${row.label} | ${row.seconds.toFixed(2)} | ${((row.seconds * 1000) / row.images).toFixed(2)} | ${row.cpuSeconds.toFixed(2)} | ${row.peakMb.toFixed(0)} | ${target}: ${ok} | ${reference[row.name]} s | ${row.detail} |`,
    );
  }
  console.log(
    `(2 cores shared with other work, load average ${loadavg()[0].toFixed(1)}: wall-clock figures are pessimistic)`,
  );
  if (!existsSync(join(repo, "packages", "sanity", "dist", "index.js")))
    console.log("build first: npx tsc -b packages/sanity");
}
