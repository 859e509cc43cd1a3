import { copyFile, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { normalCdf } from "@iqf/core";
import { sharpnessKeys } from "@iqf/metrics";
import { renderSlantedEdges } from "@iqf/metrics/testing";
import { execa } from "execa";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../../..");
const bin = join(root, "packages/cli/dist/bin.js");
const coco = join(root, "data/ds_coco_dataset");

function iqf(args: readonly string[]) {
  return execa("node", [bin, ...args], { cwd: root, reject: false });
}

describe("iqf measure snr", () => {
  it("--json prints iquaflow's aggregates and the images", async () => {
    const { stdout, exitCode } = await iqf(["measure", "snr", coco, "--json"]);
    expect(exitCode).toBe(0);
    const out = JSON.parse(stdout);
    expect(Math.abs(out.snr_mean / 35.55032353607093 - 1)).toBeLessThan(1e-9);
    expect(Math.abs(out.snr_median / 28.91166092794036 - 1)).toBeLessThan(1e-9);
    expect(out.images).toHaveLength(10);
    expect(Object.keys(out.images[0])).toEqual(expect.arrayContaining(["file", "snr", "err", "channels"]));
    expect(out.images[0].channels).toHaveLength(3);
  });

  it("measures 16-bit single-band GeoTIFFs with --method ha --patch-size 4", async () => {
    const { stdout, exitCode } = await iqf([
      "measure",
      "snr",
      join(root, "data/ds_geo_dataset"),
      "--method",
      "ha",
      "--patch-size",
      "4",
      "--json",
    ]);
    expect(exitCode).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.images).toHaveLength(10);
    expect(out.images[0].channels).toHaveLength(1);
  });

  it("skips non-images with a warning and names a corrupt image while measuring the others", async () => {
    const dir = await mkdtemp(join(tmpdir(), "iqf-measure-"));
    await copyFile(join(coco, "images/000000005802.jpg"), join(dir, "good.jpg"));
    await writeFile(join(dir, "notes.txt"), "not an image");
    const bytes = await readFile(join(coco, "images/000000060623.jpg"));
    await writeFile(join(dir, "broken.jpg"), bytes.subarray(0, 2000));
    const { stdout, stderr, exitCode } = await iqf(["measure", "snr", dir, "--method", "robust", "--json"]);
    expect(exitCode).toBe(1);
    expect(stderr).toMatch(/warning: skipping .*notes\.txt/);
    expect(stderr).toMatch(/broken\.jpg/);
    const out = JSON.parse(stdout);
    expect(out.images.map((i: { status: string }) => i.status)).toEqual(["error", "ok"]);
    expect(out.snr_mean).toBeGreaterThan(0);
  });

  it("rejects an unknown method with a one-line error", async () => {
    const { stderr, exitCode } = await iqf(["measure", "snr", coco, "--method", "median"]);
    expect(exitCode).toBe(1);
    expect(stderr.trim()).toMatch(/^iqf: .*--method median: use one of hb, ha, robust$/);
  });

  it("a missing target is a named error", async () => {
    const { stderr, exitCode } = await iqf(["measure", "snr", join(root, "no-such-folder")]);
    expect(exitCode).toBe(1);
    expect(stderr).toMatch(/no-such-folder/);
  });
});

describe("iqf measure sharpness", () => {
  let folder = "";
  const sigma = 0.8;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "iqf-sharp-"));
    const size = 200;
    const data = renderSlantedEdges({
      width: size,
      height: size,
      rectangles: [
        { cx: 60, cy: 60, width: 70, height: 70, angle: 5 },
        { cx: 140, cy: 140, width: 70, height: 70, angle: 35 },
      ],
      sigma,
      low: 50,
      high: 200,
      noise: 0.5,
      seed: 1,
    });
    const pixels = Uint8Array.from(data, (v) => Math.round(v));
    await sharp(pixels, { raw: { width: size, height: size, channels: 1 } })
      .png()
      .toFile(join(folder, "edges.png"));
    await sharp(new Uint8Array(64 * 64 * 3).fill(90), { raw: { width: 64, height: 64, channels: 3 } })
      .png()
      .toFile(join(folder, "flat.png"));
  });

  it("--json prints the 12 keys and per-image results; a flat image is 'no-edges'", async () => {
    const { stdout, exitCode } = await iqf(["measure", "sharpness", folder, "--json"]);
    expect(exitCode).toBe(0);
    const out = JSON.parse(stdout);
    for (const key of sharpnessKeys) expect(out).toHaveProperty(key);
    const expected = 2 * normalCdf(0.5 / sigma) - 1;
    expect(Math.abs(out.RER_X - expected)).toBeLessThan(0.02);
    expect(Math.abs(out.RER_other - expected)).toBeLessThan(0.02);
    expect(out.images.map((i: { status: string }) => i.status)).toEqual(["ok", "no-edges"]);
  });

  it("--method iquaflow uses iquaflow's logistic-ESF estimator; an unknown method is a one-line error", async () => {
    const iquaflowMode = await iqf(["measure", "sharpness", folder, "--method", "iquaflow", "--json"]);
    expect(iquaflowMode.exitCode).toBe(0);
    const out = JSON.parse(iquaflowMode.stdout);
    for (const key of sharpnessKeys) expect(out).toHaveProperty(key);
    expect(Math.abs(out.RER_X - (2 * normalCdf(0.5 / sigma) - 1))).toBeLessThan(0.1);

    const bad = await iqf(["measure", "sharpness", folder, "--method", "bogus"]);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr.trim()).toBe(
      "iqf: Invalid parameters for iqf measure sharpness: --method bogus: use one of slanted-edge, iquaflow",
    );
  });
});
