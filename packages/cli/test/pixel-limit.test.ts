import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { crc32, deflateSync } from "node:zlib";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const data = fileURLToPath(new URL("../../../data", import.meta.url));

/** Peak resident memory a command may reach: decoding the crafted image would take about 2.7 GB. */
const RSS_BUDGET_KB = 500 * 1024;

/** One PNG chunk: length, type, data and the CRC of type + data. */
function pngChunk(type: string, body: Uint8Array): Buffer {
  const typed = Buffer.concat([Buffer.from(type, "latin1"), body]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** A 69-byte PNG whose header says `width`×`height` 8-bit RGB, with a few bytes of image data. */
function craftedPng(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", deflateSync(Buffer.alloc(64))),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

let folder: string;
let dataset: string;
let rssHook: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "iqf-pixel-limit-"));
  dataset = join(folder, "coco");
  await cp(join(data, "ds_coco_dataset"), dataset, { recursive: true });
  await writeFile(join(dataset, "images", "huge.png"), craftedPng(30000, 30000));
  const cocoFile = join(dataset, "coco_annotations.json");
  const coco = JSON.parse(await readFile(cocoFile, "utf8")) as { images: Record<string, unknown>[] };
  coco.images.push({ id: 999_999, file_name: "huge.png", width: 30000, height: 30000 });
  await writeFile(cocoFile, JSON.stringify(coco));
  // Preloaded into each command: writes the process's peak resident memory (KB) when it exits.
  rssHook = join(folder, "rss-hook.mjs");
  await writeFile(
    rssHook,
    `import { writeFileSync } from "node:fs";
     process.on("exit", () => writeFileSync(process.env.IQF_TEST_RSS_FILE, String(process.resourceUsage().maxRSS)));`,
  );
});
afterAll(() => rm(folder, { recursive: true, force: true }));

/** Runs the CLI with the memory hook; its output and peak resident memory in KB. */
async function iqf(name: string, args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const rssFile = join(folder, `${name}.rss`);
  const result = await execa(process.execPath, ["--import", pathToFileURL(rssHook).href, bin, ...args], {
    cwd: folder,
    reject: false,
    all: true,
    env: { ...env, IQF_TEST_RSS_FILE: rssFile },
  });
  return { ...result, peakKb: Number(await readFile(rssFile, "utf8")) };
}

/** The refusal every command gives for the crafted image: file, size, limit and how to raise it. */
const REFUSAL =
  /huge\.png.*30000×30000 = 900000000 pixels, over the limit of 268402689 pixels.*IQF_MAX_PIXELS=900000000/;

describe("one pixel limit for every command", () => {
  it("sanity reports the oversized image as a problem without decoding it", async () => {
    const result = await iqf("sanity", ["sanity", dataset]);
    expect(result.stdout).toMatch(/1 problem\b/);
    expect(result.stdout).toMatch(/IMAGE_UNDECODABLE/);
    expect(result.stdout).toMatch(REFUSAL);
    expect(result.all).not.toMatch(/^ {4}at /m);
    expect(result.peakKb).toBeLessThan(RSS_BUDGET_KB);
  }, 120_000);

  it("stats leaves it out with a warning naming the limit and finishes", async () => {
    const result = await iqf("stats", ["stats", dataset, "--out", join(folder, "stats"), "--no-plots"]);
    expect(result.exitCode, result.all).toBe(0);
    expect(result.stderr).toMatch(REFUSAL);
    expect(result.all).not.toMatch(/^ {4}at /m);
    expect(result.peakKb).toBeLessThan(RSS_BUDGET_KB);
  }, 120_000);

  it("modify quant refuses it before allocating anything and modifies the others", async () => {
    const result = await iqf("quant", ["modify", dataset, "quant", "--json"]);
    const summary = JSON.parse(result.stdout) as {
      images: number;
      failed: { file: string; error: string }[];
    };
    expect(summary.images).toBe(10);
    expect(summary.failed).toHaveLength(1);
    expect(`${summary.failed[0]!.file} ${summary.failed[0]!.error}`).toMatch(REFUSAL);
    expect(result.peakKb).toBeLessThan(RSS_BUDGET_KB);
  }, 120_000);

  it("measure refuses it with the same message", async () => {
    const result = await iqf("measure", ["measure", "snr", join(dataset, "images")]);
    expect(result.all).toMatch(REFUSAL);
    expect(result.all).not.toMatch(/^ {4}at /m);
    expect(result.peakKb).toBeLessThan(RSS_BUDGET_KB);
  }, 120_000);

  it("IQF_MAX_PIXELS sets the limit, and a bad value is one clear line", async () => {
    const lowered = await iqf("lowered", ["sanity", dataset], { IQF_MAX_PIXELS: "100000" });
    expect(lowered.stdout).toMatch(/over the limit of 100000 pixels/);
    const bad = await iqf("bad", ["sanity", dataset], { IQF_MAX_PIXELS: "lots" });
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stderr).toMatch(/^iqf: .*IQF_MAX_PIXELS.*"lots" is not a positive whole number of pixels/m);
    expect(bad.all).not.toMatch(/^ {4}at /m);
  }, 120_000);
});
