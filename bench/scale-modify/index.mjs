// `iqf modify` at scale (issue #15): 20,000 generated 512² JPEG tiles, modified by the built CLI
// in its own process at 2,000, 10,000 and 20,000 images. Targets: peak RSS at most 400 MB and flat
// (no growth with the image count), time per image within ±15 % across the three sizes.
// The tiles are generated deterministically into bench/.data/scale-modify (never committed): tile
// i is COCO sample photo i mod 10, resized to 512², shifted circularly by an amount derived from i
// and written as a q90 4:2:0 JPEG. The smaller datasets hard-link the first tiles of the largest.
// Runs only with `--scale` (`npm run bench -- --scale scale-modify`); the modifier is `quant`
// unless given (`--modifier jpg`). Per-image time is judged on CPU time (user + system of the CLI
// process, all threads), which other load on the machine hardly changes; wall time is printed too.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { link, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { encodeRaster } from "@iqf/datasets";
import sharp from "sharp";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const work = join(root, "bench/.data/scale-modify");
const bin = join(root, "packages/cli/dist/bin.js");
const SIZES = [2_000, 10_000, 20_000];
const TILE = 512;
const TARGET_MB = 400;
const SPREAD = 0.15;
const run = promisify(execFile);
const argv = process.argv.slice(2);
const modifierArg = argv.indexOf("--modifier");
const modifier = modifierArg >= 0 ? argv[modifierArg + 1] : "quant";

if (!argv.includes("--scale")) {
  console.log("skipped: a scale benchmark (20,000 tiles); run it with --scale");
  process.exit(0);
}
if (!existsSync("/usr/bin/time")) throw new Error("needs /usr/bin/time (GNU time) to read the peak RSS");

/** The 10 COCO sample photos as 512² RGB samples. */
async function basePhotos() {
  const folder = join(root, "data/ds_coco_dataset/images");
  const names = (await readdir(folder)).filter((name) => name.endsWith(".jpg")).sort();
  return Promise.all(
    names.map(async (name) =>
      sharp(await readFile(join(folder, name)))
        .resize(TILE, TILE, { fit: "fill" })
        .raw()
        .toBuffer(),
    ),
  );
}

/** Tile `index`: its base photo shifted circularly by (dx, dy) derived from the index. */
function tileSamples(bases, index) {
  const base = bases[index % bases.length];
  const dx = (index * 7919) % TILE;
  const dy = (index * 104_729) % TILE;
  const row = TILE * 3;
  const out = new Uint8Array(base.length);
  for (let y = 0; y < TILE; y++) {
    const from = ((y + dy) % TILE) * row;
    const to = y * row;
    const split = (TILE - dx) * 3;
    out.set(base.subarray(from + dx * 3, from + row), to);
    out.set(base.subarray(from, from + dx * 3), to + split);
  }
  return { width: TILE, height: TILE, channels: 3, sampleType: "uint8", data: out };
}

const tileName = (index) => `tile_${String(index).padStart(5, "0")}.jpg`;

/** The dataset of the first `count` tiles (generated or linked when missing); its folder. */
async function ensureDataset(count, bases) {
  const dataset = join(work, `tiles${count}`);
  const images = join(dataset, "images");
  await mkdir(images, { recursive: true });
  const largest = join(work, `tiles${SIZES.at(-1)}`, "images");
  const present = new Set(await readdir(images));
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const name = tileName(index);
      if (present.has(name)) continue;
      if (images !== largest) await link(join(largest, name), join(images, name));
      else {
        const bytes = await encodeRaster(tileSamples(bases, index), {
          format: "jpeg",
          jpegQuality: 90,
          jpegChroma: "4:2:0",
        });
        await writeFile(join(images, name), bytes);
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  const coco = {
    images: Array.from({ length: count }, (_, id) => ({
      id,
      file_name: tileName(id),
      width: TILE,
      height: TILE,
    })),
    annotations: [],
    categories: [{ id: 1, name: "tile" }],
  };
  await writeFile(join(dataset, "coco_annotations.json"), JSON.stringify(coco));
  return dataset;
}

/** One `iqf modify --force --json` run: wall and CPU seconds, peak RSS (MB), images written. */
async function modify(dataset) {
  const start = performance.now();
  const { stdout, stderr } = await run(
    "/usr/bin/time",
    ["-v", process.execPath, bin, "modify", dataset, modifier, "--force", "--json"],
    { maxBuffer: 1 << 26 },
  );
  const seconds = (performance.now() - start) / 1000;
  const field = (label) => Number(new RegExp(`${label}: ([\\d.]+)`).exec(stderr)?.[1]);
  const result = JSON.parse(stdout);
  if (result.failed.length > 0) throw new Error(`${dataset}: ${result.failed[0].error}`);
  await rm(result.output, { recursive: true, force: true });
  return {
    images: result.images,
    seconds,
    cpu: field("User time \\(seconds\\)") + field("System time \\(seconds\\)"),
    peakMb: field("Maximum resident set size \\(kbytes\\)") / 1024,
  };
}

const generateStart = performance.now();
const bases = await basePhotos();
await ensureDataset(SIZES.at(-1), bases);
const datasets = [];
for (const count of SIZES) datasets.push(await ensureDataset(count, bases));
console.log(
  `iqf modify ${modifier} on generated ${TILE}² JPEG tiles (data ready in ${((performance.now() - generateStart) / 1000).toFixed(0)} s), load avg ${loadavg()
    .map((v) => v.toFixed(2))
    .join(" ")}`,
);

const rows = [];
for (const dataset of datasets) rows.push(await modify(dataset));
const cpuPerImage = rows.map((row) => (row.cpu * 1000) / row.images);
const wallPerImage = rows.map((row) => (row.seconds * 1000) / row.images);
const meanCpu = cpuPerImage.reduce((a, b) => a + b, 0) / rows.length;
const peak = Math.max(...rows.map((row) => row.peakMb));
const growth = rows.at(-1).peakMb - rows[0].peakMb;

console.log("\n| images | wall s | wall ms/img | CPU s | CPU ms/img | vs mean | peak RSS MB |");
console.log("|---:|---:|---:|---:|---:|---:|---:|");
rows.forEach((row, i) => {
  console.log(
    `| ${row.images} | ${row.seconds.toFixed(1)} | ${wallPerImage[i].toFixed(2)} | ${row.cpu.toFixed(1)} | ${cpuPerImage[i].toFixed(2)} | ${((cpuPerImage[i] / meanCpu - 1) * 100).toFixed(1)} % | ${row.peakMb.toFixed(0)} |`,
  );
});
const worst = Math.max(...cpuPerImage.map((ms) => Math.abs(ms / meanCpu - 1)));
const verdict = (ok) => (ok ? "PASS" : "FAIL");
console.log(`\npeak RSS ${peak.toFixed(0)} MB (target ≤ ${TARGET_MB} MB): ${verdict(peak <= TARGET_MB)}`);
console.log(
  `RSS growth 2k → 20k images ${growth.toFixed(0)} MB (target: flat, ≤ 10 % of the peak): ${verdict(growth <= 0.1 * peak)}`,
);
console.log(
  `CPU time per image within ${(worst * 100).toFixed(1)} % of the mean (target ±${SPREAD * 100} %): ${verdict(worst <= SPREAD)}`,
);
console.log(
  `load avg after: ${loadavg()
    .map((v) => v.toFixed(2))
    .join(" ")}`,
);
