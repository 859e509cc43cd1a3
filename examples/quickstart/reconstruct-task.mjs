#!/usr/bin/env node
// The quickstart's task: a small, real image-reconstruction job following iqf's task contract.
// For every image of --trainds (the JPEG-degraded copy) it keeps a copy downsampled by --scale
// (box average), then reconstructs the full-size image by iterative back-projection, one
// "epoch" per iteration, and measures PSNR and SSIM against the pristine image of the same name
// in --reference (or against the image it started from when no reference is given). It writes
// results.json (per-epoch series), output.json (the reconstructions it wrote) and the
// reconstructions.
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import sharp from "sharp";

const { values: args } = parseArgs({
  options: {
    trainds: { type: "string" },
    outputpath: { type: "string" },
    scale: { type: "string", default: "2" },
    epochs: { type: "string", default: "5" },
    reference: { type: "string" },
  },
  strict: false,
});
if (!args.trainds || !args.outputpath) {
  console.error(
    "usage: reconstruct-task.mjs --trainds <dataset> --outputpath <folder> [--scale 2] [--epochs 5]",
  );
  process.exit(2);
}
const scale = Number(args.scale);
const epochs = Number(args.epochs);
if (!Number.isInteger(scale) || scale < 2 || !Number.isInteger(epochs) || epochs < 1) {
  console.error(`--scale must be an integer ≥ 2 and --epochs ≥ 1 (got ${args.scale}, ${args.epochs})`);
  process.exit(2);
}

/** Averages scale×scale blocks of an interleaved float image. */
function downsample(image, width, height, channels) {
  const w = width / scale;
  const h = height / scale;
  const out = new Float32Array(w * h * channels);
  const norm = 1 / (scale * scale);
  for (let y = 0; y < height; y++) {
    const row = ((y / scale) | 0) * w;
    for (let x = 0; x < width; x++) {
      const target = (row + ((x / scale) | 0)) * channels;
      const source = (y * width + x) * channels;
      for (let c = 0; c < channels; c++) out[target + c] += image[source + c] * norm;
    }
  }
  return out;
}

/** Bilinear upsampling by `scale` (pixel-centre aligned, edges clamped). */
function upsample(small, width, height, channels) {
  const w = width / scale;
  const h = height / scale;
  const out = new Float32Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(Math.max((y + 0.5) / scale - 0.5, 0), h - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, h - 1);
    const fy = sy - y0;
    for (let x = 0; x < width; x++) {
      const sx = Math.min(Math.max((x + 0.5) / scale - 0.5, 0), w - 1);
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, w - 1);
      const fx = sx - x0;
      const target = (y * width + x) * channels;
      for (let c = 0; c < channels; c++) {
        const top = small[(y0 * w + x0) * channels + c] * (1 - fx) + small[(y0 * w + x1) * channels + c] * fx;
        const bottom =
          small[(y1 * w + x0) * channels + c] * (1 - fx) + small[(y1 * w + x1) * channels + c] * fx;
        out[target + c] = top * (1 - fy) + bottom * fy;
      }
    }
  }
  return out;
}

function psnr(reference, estimate) {
  let squared = 0;
  for (let i = 0; i < reference.length; i++) squared += (reference[i] - estimate[i]) ** 2;
  const mse = squared / reference.length;
  return mse === 0 ? 100 : 10 * Math.log10((255 * 255) / mse);
}

/** Mean SSIM of the luma over non-overlapping 8×8 windows. */
function ssim(reference, estimate, width, height, channels) {
  const luma = (image, i) =>
    channels >= 3 ? 0.299 * image[i] + 0.587 * image[i + 1] + 0.114 * image[i + 2] : image[i];
  const c1 = (0.01 * 255) ** 2;
  const c2 = (0.03 * 255) ** 2;
  let total = 0;
  let windows = 0;
  for (let wy = 0; wy + 8 <= height; wy += 8) {
    for (let wx = 0; wx + 8 <= width; wx += 8) {
      let sa = 0,
        sb = 0,
        saa = 0,
        sbb = 0,
        sab = 0;
      for (let y = wy; y < wy + 8; y++) {
        for (let x = wx; x < wx + 8; x++) {
          const i = (y * width + x) * channels;
          const a = luma(reference, i);
          const b = luma(estimate, i);
          sa += a;
          sb += b;
          saa += a * a;
          sbb += b * b;
          sab += a * b;
        }
      }
      const n = 64;
      const ma = sa / n,
        mb = sb / n;
      const va = saa / n - ma * ma,
        vb = sbb / n - mb * mb,
        cov = sab / n - ma * mb;
      total += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
      windows += 1;
    }
  }
  return total / windows;
}

/** Decodes an image to interleaved floats, cropped to a multiple of `scale`. */
async function decode(file) {
  const { data, info } = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const width = info.width - (info.width % scale);
  const height = info.height - (info.height % scale);
  const channels = info.channels;
  const pixels = new Float32Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let i = 0; i < width * channels; i++)
      pixels[y * width * channels + i] = data[y * info.width * channels + i];
  }
  return { pixels, width, height, channels };
}

async function reconstruct(file, referenceFile, outputFile) {
  const { pixels: degraded, width, height, channels } = await decode(file);
  const original = referenceFile ? (await decode(referenceFile)).pixels : degraded;
  const small = downsample(degraded, width, height, channels);
  const estimate = upsample(small, width, height, channels);
  const curve = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const residual = downsample(estimate, width, height, channels);
    for (let i = 0; i < residual.length; i++) residual[i] = small[i] - residual[i];
    const correction = upsample(residual, width, height, channels);
    for (let i = 0; i < estimate.length; i++)
      estimate[i] = Math.min(255, Math.max(0, estimate[i] + correction[i]));
    curve.push([psnr(original, estimate), ssim(original, estimate, width, height, channels)]);
  }
  await sharp(Buffer.from(Uint8ClampedArray.from(estimate).buffer), { raw: { width, height, channels } })
    .png()
    .toFile(outputFile);
  return curve;
}

const imagesDir = join(args.trainds, "images");
const files = (await readdir(imagesDir)).filter((name) => /\.(jpe?g|png|tiff?)$/i.test(name)).sort();
if (files.length === 0) {
  console.error(`no images in ${imagesDir}`);
  process.exit(1);
}
const reconstructions = join(args.outputpath, "reconstructions");
await mkdir(reconstructions, { recursive: true });
const curves = [];
const written = [];
for (const name of files) {
  const output = `${name.replace(/\.[^.]+$/, "")}.png`;
  const reference = args.reference ? join(args.reference, "images", name) : undefined;
  curves.push(await reconstruct(join(imagesDir, name), reference, join(reconstructions, output)));
  written.push(`reconstructions/${output}`);
}
const mean = (epoch, index) => curves.reduce((sum, curve) => sum + curve[epoch][index], 0) / curves.length;
const results = {
  psnr: Array.from({ length: epochs }, (_, epoch) => mean(epoch, 0)),
  ssim: Array.from({ length: epochs }, (_, epoch) => mean(epoch, 1)),
  images: files.length,
};
await writeFile(join(args.outputpath, "results.json"), JSON.stringify(results));
await writeFile(join(args.outputpath, "output.json"), JSON.stringify(written));
console.log(
  `scale ${scale}: ${files.length} images, psnr ${results.psnr.at(-1).toFixed(2)} dB, ssim ${results.ssim.at(-1).toFixed(4)}`,
);
