#!/usr/bin/env node
import { execFileSync } from "node:child_process";
// Runs benchmarks on demand: `npm run bench` runs every bench/<name>/index.mjs,
// `npm run bench -- coco-eval tracking` runs the named ones. Each prints its own table,
// with ratios against the reference figures measured with the original tools, its targets and
// PASS/FAIL. `--scale` (passed on to every bench) adds the big data sets: benches at 100× the
// sample, which generate their data into bench/.data/ and take minutes.
import { readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here).filter(
  (name) => !name.startsWith(".") && statSync(join(here, name)).isDirectory(),
);
const args = process.argv.slice(2);
const flags = args.filter((arg) => arg.startsWith("--"));
const wanted = args.filter((arg) => !arg.startsWith("--"));
const unknown = wanted.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`Unknown benchmark(s): ${unknown.join(", ")}. Available: ${available.join(", ")}`);
  process.exit(2);
}
// A bench that misses a target (or fails) exits non-zero; the others still run.
const failed = [];
for (const name of wanted.length > 0 ? wanted : available) {
  console.log(`\n### bench/${name}`);
  try {
    execFileSync(process.execPath, [join(here, name, "index.mjs"), ...flags], { stdio: "inherit" });
  } catch {
    failed.push(name);
  }
}
if (failed.length > 0) {
  console.error(`\nbench(es) that missed a target or failed: ${failed.join(", ")}`);
  process.exitCode = 1;
}
