// Throughput of every modifier on 200 COCO images (the 10 sample images × 20 copies), run through
// the real pipeline (`modifyDataset`: read, decode, modify, encode in the source format, atomic
// write; images in parallel, with the pipeline's default number in flight), next to a bare read +
// decode + JPEG encode + write pass over the same files with the same pool and the pipeline's own
// codec settings (the practical limit) and iquaflow's figures on this machine.
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultIoConcurrency } from "@iqf/core";
import { decodeImage, encodeRaster, modifyDataset, withDecodedJpegTurbo } from "@iqf/datasets";
import { createModifier } from "@iqf/modifiers";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const sample = join(root, "data/ds_coco_dataset/images");
const work = join(root, "bench/.data/modifiers");
const dataset = join(work, "coco200");
const images = join(dataset, "images");
/** The sample's 10 images once: each modifier runs on it first (worker start, JIT), unmeasured. */
const warmDataset = join(work, "coco10");
const COPIES = 20;
const concurrency = defaultIoConcurrency();

/** iquaflow, same 200 images on this machine (images/s); sharpness from iquaflow-ref §6 (10 images in 0.332 s). */
const IQUAFLOW = { quant: 279, jpg: 199, gsd: 105, snr: 51, blur: 29, rer: 4.0, sharpness: 30.1 };
/** Targets of issue #15 as multiples of iquaflow's images/s: 1.5× for every modifier, more for some, quant (a pure codec pass) 1.3×. */
const TARGET = { quant: 1.3, jpg: 2, gsd: 2.5, snr: 2.5, blur: 4, rer: 4, sharpness: 4 };
/** The bare decode+encode pass before the libjpeg-turbo path (images/s on this machine) and its target factor. */
const BARE_BEFORE = 219;
const BARE_TARGET = 1.7;
/** Cores the targets assume (the machine's two). */
const CORES = 2;

const ALL_CASES = [
  ["jpg", { quality: 50 }],
  ["quant", { bits: 4 }],
  ["blur", { sigma: "2.0" }],
  ["gsd", { scale: 2, resol: 0.3, interpolation: 2 }],
  ["sharpness", { sharpness: 2 }],
  ["rer", { rer: 0.3, initial_rer: 0.55 }],
  ["snr", { snr: 20 }],
];
// `node bench/modifiers/index.mjs quant gsd` runs only the named modifiers.
const only = process.argv.slice(2).filter((arg) => !arg.startsWith("-"));
const CASES = only.length > 0 ? ALL_CASES.filter(([type]) => only.includes(type)) : ALL_CASES;

async function buildDataset() {
  const names = (await readdir(sample)).filter((name) => name.endsWith(".jpg")).sort();
  await mkdir(join(warmDataset, "images"), { recursive: true });
  await copyFile(join(sample, "../coco_annotations.json"), join(warmDataset, "coco_annotations.json"));
  for (const name of names) await copyFile(join(sample, name), join(warmDataset, "images", name));
  await mkdir(images, { recursive: true });
  await copyFile(join(sample, "../coco_annotations.json"), join(dataset, "coco_annotations.json"));
  const existing = new Set(await readdir(images));
  for (const name of names) {
    for (let copy = 0; copy < COPIES; copy++) {
      const target = name.replace(/\.jpg$/, `_${String(copy).padStart(2, "0")}.jpg`);
      if (!existing.has(target)) await copyFile(join(sample, name), join(images, target));
    }
  }
  return (await readdir(images)).sort();
}

async function pool(items, worker) {
  let next = 0;
  const run = async () => {
    while (next < items.length) {
      const index = next++;
      await worker(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, run));
}

/** The practical limit: the pipeline's own decode and JPEG encode, same pool, nothing in between. */
async function bare(files) {
  const outDir = join(work, "out/bare");
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  return measure(files.length, () =>
    pool(files, async (file) => {
      const bytes = await readFile(join(images, file));
      // As the modifiers do: decoded into reused memory when libjpeg-turbo takes the file.
      const encode = (raster) => encodeRaster(raster, { format: "jpeg" });
      const encoded =
        (await withDecodedJpegTurbo(bytes, encode)) ??
        (await encode((await decodeImage(bytes, file)).raster));
      await writeFile(join(outDir, file), encoded);
    }),
  );
}

/**
 * Images per second of `work`, and the CPU time it took per image (all threads of this process:
 * libvips, worker threads and the main thread). CPU time hardly depends on other load on the
 * machine, so `cores × 1000 / cpu ms` is the rate the work reaches with every core to itself.
 */
async function measure(count, work) {
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  await work();
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000 / count;
  return { rate: count / seconds, cpuMs };
}

async function modifierRate(type, params) {
  const modifier = createModifier(type, params);
  const warm = await modifyDataset(warmDataset, modifier, { force: true });
  await rm(warm.output, { recursive: true, force: true });
  let result;
  const figures = await measure(files.length, async () => {
    result = await modifyDataset(dataset, modifier, { force: true });
  });
  if (result.failed.length > 0) throw new Error(`${modifier.name}: ${result.failed[0].error}`);
  await rm(result.output, { recursive: true, force: true });
  return { name: modifier.name, ...figures };
}

const files = await buildDataset();
console.log(
  `${files.length} images (${COPIES} copies of the COCO sample), ${concurrency} images in flight, load avg ${loadavg()
    .map((v) => v.toFixed(2))
    .join(" ")}`,
);
await bare(files.slice(0, 20)); // warm-up
const bareFigures = await bare(files);
const rows = [];
for (const [type, params] of CASES) rows.push({ type, ...(await modifierRate(type, params)) });
const pad = (text, width) => String(text).padEnd(width);
const header = [
  "modifier",
  "images/s",
  "× iquaflow",
  "CPU ms/img",
  "2-core rate",
  "× iquaflow",
  "target",
  "measured",
  "2-core",
];
const widths = [22, 10, 15, 12, 13, 15, 8, 10, 8];
const line = (cells) => console.log(cells.map((cell, i) => pad(cell, widths[i])).join(""));
const verdict = (ratio, target) => (ratio >= target ? "PASS" : "FAIL");
console.log("");
line(header);
{
  const { rate, cpuMs } = bareFigures;
  const idle = (CORES * 1000) / cpuMs;
  line([
    "bare decode+encode",
    rate.toFixed(1),
    `${(rate / BARE_BEFORE).toFixed(2)} (before)`,
    cpuMs.toFixed(2),
    idle.toFixed(0),
    `${(idle / BARE_BEFORE).toFixed(2)} (before)`,
    `${BARE_TARGET}×`,
    verdict(rate / BARE_BEFORE, BARE_TARGET),
    verdict(idle / BARE_BEFORE, BARE_TARGET),
  ]);
}
for (const { type, name, rate, cpuMs } of rows) {
  const reference = IQUAFLOW[type];
  const target = TARGET[type];
  const idle = (CORES * 1000) / cpuMs;
  line([
    name,
    rate.toFixed(1),
    (rate / reference).toFixed(2),
    cpuMs.toFixed(2),
    idle.toFixed(0),
    (idle / reference).toFixed(2),
    `${target}×`,
    verdict(rate / reference, target),
    verdict(idle / reference, target),
  ]);
}
console.log(
  `load avg after: ${loadavg()
    .map((v) => v.toFixed(2))
    .join(" ")}; iquaflow images/s: ${Object.entries(IQUAFLOW)
    .map(([type, rate]) => `${type} ${rate}`)
    .join(", ")}; bare pass before: ${BARE_BEFORE} images/s.
"measured" judges images/s on this (shared) machine; "2-core" judges ${CORES} × 1000 / CPU ms per image (all threads),
the rate with both cores to itself, which other load hardly changes.`,
);
