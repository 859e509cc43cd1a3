// Cost of the modification pipeline itself, on 200 COCO images (the 10 sample JPEGs × 20 copies):
// a bare read → decode → encode → write loop (sharp, same concurrency) next to `modifyDataset`
// with identity modifiers that return (a) the decoded raster, so the pipeline decodes and
// re-encodes every image (JPEG q95), and (b) the source bytes, so only the pipeline's own work
// (listing, fingerprint, scratch folders, writes, manifest, rename) remains.
// Also times a GeoTIFF decode + encode (ds_inria_dataset, 1024² RGB LZW) through readRaster/encodeRaster.
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { availableParallelism, loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { encodeRaster, JPEG_WRITE_QUALITY, modifyDataset, readRaster } from "@iqf/datasets";
import sharp from "sharp";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const sample = join(root, "data/ds_coco_dataset");
const work = join(root, "bench/.data/datasets");
const dataset = join(work, "coco200");
const COPIES = 20;
const concurrency = availableParallelism();

async function buildDataset() {
  const images = join(dataset, "images");
  await mkdir(images, { recursive: true });
  await copyFile(join(sample, "coco_annotations.json"), join(dataset, "coco_annotations.json"));
  const existing = new Set(await readdir(images));
  for (const name of (await readdir(join(sample, "images"))).sort()) {
    for (let copy = 0; copy < COPIES; copy++) {
      const target = name.replace(/\.jpg$/, `_${String(copy).padStart(2, "0")}.jpg`);
      if (!existing.has(target)) await copyFile(join(sample, "images", name), join(images, target));
    }
  }
  return (await readdir(images)).sort();
}

async function bareLoop(files) {
  const out = join(work, "bare");
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const start = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < files.length) {
      const file = files[next++];
      const bytes = await readFile(join(dataset, "images", file));
      const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
      const encoded = await sharp(data, {
        raw: { width: info.width, height: info.height, channels: info.channels },
      })
        .jpeg({ quality: JPEG_WRITE_QUALITY, chromaSubsampling: "4:4:4" })
        .toBuffer();
      await writeFile(join(out, file), encoded);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return files.length / ((performance.now() - start) / 1000);
}

const identityRaster = {
  name: "identity_raster",
  params: {},
  modifyImage: async (image) => ({ raster: await image.decode() }),
};
const identityBytes = {
  name: "identity_bytes",
  params: {},
  modifyImage: async (image) => ({ encoded: await image.read() }),
};

async function pipelineRate(modifier, images) {
  const start = performance.now();
  const result = await modifyDataset(dataset, modifier, { force: true });
  if (result.failed.length > 0) throw new Error(`${result.failed.length} images failed`);
  return images / ((performance.now() - start) / 1000);
}

const files = await buildDataset();
console.log(
  `${files.length} images, ${concurrency} in flight, load avg ${loadavg()
    .map((v) => v.toFixed(2))
    .join(" ")}`,
);
await bareLoop(files.slice(0, 20));
const bare = await bareLoop(files);
const raster = await pipelineRate(identityRaster, files.length);
const bytes = await pipelineRate(identityBytes, files.length);
const pad = (text, width) => String(text).padEnd(width);
console.log(`\n${pad("pass", 50)}${pad("images/s", 10)}${pad("÷ bare loop", 12)}`);
console.log(
  `${pad("bare read+decode+encode+write loop (sharp)", 50)}${pad(bare.toFixed(1), 10)}${pad("1.00", 12)}`,
);
console.log(
  `${pad("modifyDataset, raster identity (decode+encode)", 50)}${pad(raster.toFixed(1), 10)}${pad((bare / raster).toFixed(2), 12)}`,
);
console.log(
  `${pad("modifyDataset, bytes identity (pipeline only)", 50)}${pad(bytes.toFixed(1), 10)}${pad((bare / bytes).toFixed(2), 12)}`,
);

const tiff = join(root, "data/ds_inria_dataset/images/bellingham1+1024.tif");
let decodeMs = Number.POSITIVE_INFINITY;
let encodeMs = Number.POSITIVE_INFINITY;
for (let run = 0; run < 5; run++) {
  const t0 = performance.now();
  const decoded = await readRaster(tiff);
  const t1 = performance.now();
  await encodeRaster(decoded.raster, { format: "tiff", tiff: decoded.tiff });
  const t2 = performance.now();
  decodeMs = Math.min(decodeMs, t1 - t0);
  encodeMs = Math.min(encodeMs, t2 - t1);
}
console.log(
  `\nGeoTIFF 1024×1024 RGB LZW: decode ${decodeMs.toFixed(0)} ms, encode (deflate + predictor) ${encodeMs.toFixed(0)} ms (best of 5)`,
);
console.log(
  `load avg after: ${loadavg()
    .map((v) => v.toFixed(2))
    .join(" ")} (other work on this machine lowers every figure)`,
);
