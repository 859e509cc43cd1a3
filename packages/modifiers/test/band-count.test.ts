import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ModifierCase, modifyWithCodec } from "./helpers.js";

/** Every modifier that decodes and re-encodes JPEG samples, with parameters that keep band means. */
const CASES: ModifierCase[] = [
  ["jpg", { quality: 80 }],
  ["blur", { sigma: 1.5 }],
  ["rer", { rer: 0.4, initial_rer: 0.6 }],
  ["sharpness", { sharpness: 2 }],
  ["snr", { snr: 15, initial_snr: 50 }],
  ["quant", { bits: 6 }],
  ["gsd", { scale: 2 }],
];

const WIDTH = 96;
const HEIGHT = 64;

/** A smooth image whose three bands have distinct means (so an inverted or swapped band shows). */
function rgbSamples(): Buffer {
  const data = Buffer.alloc(WIDTH * HEIGHT * 3);
  for (let y = 0; y < HEIGHT; y++)
    for (let x = 0; x < WIDTH; x++) {
      const at = (y * WIDTH + x) * 3;
      data[at] = 200 + ((x + y) % 40);
      data[at + 1] = 120 + Math.round(30 * Math.sin(x / 9));
      data[at + 2] = 40 + ((x * 2) % 50);
    }
  return data;
}

/** The samples of a JPEG as stored (grey one band, CMYK four ink bands), read by libvips directly. */
async function storedSamples(bytes: Uint8Array): Promise<{ data: Buffer; channels: number }> {
  const { space } = await sharp(bytes).metadata();
  const pipeline = sharp(bytes, { ignoreIcc: true });
  if (space === "cmyk") pipeline.pipelineColourspace("cmyk").toColourspace("cmyk");
  else if (space === "b-w") pipeline.toColourspace("b-w");
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return { data, channels: info.channels };
}

function bandMeans({ data, channels }: { data: Buffer; channels: number }): number[] {
  const sums = new Array<number>(channels).fill(0);
  for (let i = 0; i < data.length; i++) sums[i % channels]! += data[i]!;
  return sums.map((sum) => sum / (data.length / channels));
}

/** Root-mean-square difference of two JPEGs' stored samples. */
async function rmsDifference(a: Uint8Array, b: Uint8Array): Promise<number> {
  const [x, y] = [await storedSamples(a), await storedSamples(b)];
  let squares = 0;
  for (let i = 0; i < x.data.length; i++) squares += (x.data[i]! - y.data[i]!) ** 2;
  return Math.sqrt(squares / x.data.length);
}

let root: string;
let dataset: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "iqf-bands-"));
  dataset = join(root, "bands");
  const images = join(dataset, "images");
  await mkdir(images, { recursive: true });
  const rgb = sharp(rgbSamples(), { raw: { width: WIDTH, height: HEIGHT, channels: 3 } });
  const write = async (name: string, pipeline: sharp.Sharp) =>
    writeFile(join(images, name), await pipeline.toBuffer());
  await write("grey.jpg", rgb.clone().toColourspace("b-w").jpeg({ quality: 95 }));
  await write(
    "grey_progressive.jpg",
    rgb.clone().toColourspace("b-w").jpeg({ quality: 95, progressive: true }),
  );
  await write("cmyk.jpg", rgb.clone().toColourspace("cmyk").jpeg({ quality: 95 }));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe.each(["turbo", "sharp"] as const)("band count of JPEG sources (%s codec)", (codec) => {
  // snr: σ = μ·√(1/15² − 1/50²) ≈ 0.064·μ, several DN on every band (the grey one included).
  it("keeps grey JPEGs one band and CMYK JPEGs four CMYK bands under every modifier", async () => {
    const outputs = await modifyWithCodec(root, dataset, CASES, codec);
    expect(outputs).toHaveLength(CASES.length);
    for (const [i, [type]] of CASES.entries()) {
      for (const name of ["grey.jpg", "grey_progressive.jpg", "cmyk.jpg"]) {
        const label = `${codec} ${type} ${name}`;
        const source = await readFile(join(dataset, "images", name));
        const bytes = await readFile(join(outputs[i]!, "images", name));
        const { channels, space } = await sharp(bytes).metadata();
        expect([channels, space], label).toEqual(name === "cmyk.jpg" ? [4, "cmyk"] : [1, "b-w"]);
        // Same ink (or grey) levels band by band: nothing inverted, swapped or converted.
        const before = bandMeans(await storedSamples(source));
        const after = bandMeans(await storedSamples(bytes));
        for (const [band, mean] of after.entries())
          expect(Math.abs(mean - before[band]!), `${label} band ${band}`).toBeLessThan(4);
        if (type === "snr") expect(await rmsDifference(source, bytes), label).toBeGreaterThan(5);
      }
    }
  }, 300_000);
});
