#!/usr/bin/env node
import { execFileSync } from "node:child_process";
// Runs benchmarks on demand: `npm run bench` runs every bench/<name>/index.mjs,
// `npm run bench -- coco-eval tracking` runs the named ones. Each prints its own table,
// with ratios against the reference figures measured with the original tools.
import { readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here).filter(
  (name) => !name.startsWith(".") && statSync(join(here, name)).isDirectory(),
);
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`Unknown benchmark(s): ${unknown.join(", ")}. Available: ${available.join(", ")}`);
  process.exit(2);
}
for (const name of wanted.length > 0 ? wanted : available) {
  console.log(`\n### bench/${name}`);
  execFileSync(process.execPath, [join(here, name, "index.mjs")], { stdio: "inherit" });
}
