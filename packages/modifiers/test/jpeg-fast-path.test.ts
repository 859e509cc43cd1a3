import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jpegTurboHeader } from "@iqf/datasets";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILT_ENTRIES, type ModifierCase, modifyWithCodec, REPO as repo, runScript } from "./helpers.js";

const { datasets: datasetsEntry, modifiers: modifiersEntry } = BUILT_ENTRIES;

/** Every modifier that takes the libjpeg-turbo path on JPEG sources, with bench-like params. */
const CASES: ModifierCase[] = [
  ["jpg", { quality: 50 }],
  ["quant", { bits: 4 }],
  ["blur", { sigma: "2.0" }],
  ["blur", { sigma: 1, kernel: "iquaflow7x7" }],
  ["gsd", { scale: 2, resol: 0.3, interpolation: 2 }],
  ["gsd", { scale: 1.5, interpolation: 1 }],
  ["sharpness", { sharpness: 2 }],
  ["rer", { rer: 0.3, initial_rer: 0.55 }],
  ["snr", { snr: 20 }],
];

/** The files of a modified dataset's images folder, by name. */
async function imagesOf(output: string): Promise<Map<string, Buffer>> {
  const folder = join(output, "images");
  const files = new Map<string, Buffer>();
  for (const name of (await readdir(folder)).sort()) files.set(name, await readFile(join(folder, name)));
  return files;
}

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "iqf-jpeg-fast-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A copy of the COCO sample (colour JPEGs) plus three grey JPEGs, under `root/<name>`. */
async function sampleDataset(name: string): Promise<string> {
  const dataset = join(root, name);
  await cp(join(repo, "data/ds_coco_dataset"), dataset, { recursive: true });
  const images = join(dataset, "images");
  for (const file of (await readdir(images)).slice(0, 3)) {
    const grey = await sharp(await readFile(join(images, file)))
      .toColourspace("b-w")
      .jpeg({ quality: 90 })
      .toBuffer();
    await writeFile(join(images, `grey_${file}`), grey);
  }
  return dataset;
}

describe("libjpeg-turbo fast path", () => {
  it("writes byte for byte the files of the sharp/libvips path for every modifier, grey staying grey", async () => {
    const fastSet = await sampleDataset("fast");
    const sharpSet = await sampleDataset("sharp");
    for (const file of await readdir(join(fastSet, "images")))
      expect(jpegTurboHeader(await readFile(join(fastSet, "images", file))), file).toBeDefined();
    const fast = await modifyWithCodec(root, fastSet, CASES, "turbo");
    const slow = await modifyWithCodec(root, sharpSet, CASES, "sharp");
    expect(fast).toHaveLength(CASES.length);
    for (let i = 0; i < CASES.length; i++) {
      const expected = await imagesOf(slow[i]!);
      const actual = await imagesOf(fast[i]!);
      expect([...actual.keys()], fast[i]).toEqual([...expected.keys()]);
      for (const [name, bytes] of actual) {
        expect(Buffer.compare(bytes, expected.get(name)!), `${fast[i]} ${name}`).toBe(0);
        if (name.startsWith("grey_")) expect((await sharp(bytes).metadata()).channels, name).toBe(1);
      }
    }
  }, 300_000);

  it("warns once and keeps working when libjpeg-turbo cannot be loaded", async () => {
    const dataset = join(root, "unloadable");
    await cp(join(repo, "data/ds_coco_dataset"), dataset, { recursive: true });
    // A library file that does not exist, as on a platform without the prebuilt binary.
    const script = `
      import { modifyDataset } from ${datasetsEntry};
      import { createModifier } from ${modifiersEntry};
      for (const type of ["jpg", "blur"]) {
        const result = await modifyDataset(${JSON.stringify(dataset)}, createModifier(type, {}), { force: true });
        console.log(type, result.images, result.failed.length);
      }`;
    const env = { ...process.env, IQF_LIBTURBOJPEG: join(root, "missing/libturbojpeg.so.0") };
    const { stdout, stderr } = await runScript(root, script, env);
    expect(stdout.trim().split("\n")).toEqual(["jpg 10 0", "blur 10 0"]);
    expect(stderr.match(/libjpeg-turbo could not be loaded/g)).toHaveLength(1);
  }, 120_000);
});
