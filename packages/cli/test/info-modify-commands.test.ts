import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { treeHashes } from "../../../test-support/tree-hashes.js";

const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const data = fileURLToPath(new URL("../../../data", import.meta.url));

function iqf(args: string[], cwd?: string) {
  return execa(process.execPath, [bin, ...args], { reject: false, ...(cwd ? { cwd } : {}) });
}

let folder: string;
let coco: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "iqf-cli-modify-"));
  coco = join(folder, "ds_coco_dataset");
  await cp(join(data, "ds_coco_dataset"), coco, { recursive: true });
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe("iqf info", () => {
  it("prints the discovered layout as one JSON object", async () => {
    const result = await iqf(["info", coco, "--json"]);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual({
      name: "ds_coco_dataset",
      root: coco,
      imagesDir: join(coco, "images"),
      images: 10,
      cocoAnnotations: join(coco, "coco_annotations.json"),
      geojsonAnnotations: null,
      masksDir: null,
      params: { ds_name: "ds_coco_dataset" },
    });
  });

  it("prints a readable summary with paths as given", async () => {
    const result = await iqf(["info", "ds_coco_dataset"], folder);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("images   ds_coco_dataset/images (10 images)");
    expect(result.stdout).toContain("coco     ds_coco_dataset/coco_annotations.json");
  });

  it("fails with one line naming a missing dataset folder", async () => {
    const missing = join(folder, "nope");
    const result = await iqf(["info", missing]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain(`iqf: Dataset not found at ${missing}`);
  });
});

describe("iqf modify", () => {
  it("writes <dataset>#jpg85_modifier and prints exactly one JSON object", async () => {
    const result = await iqf(["modify", coco, "jpg", "--param", "quality=85", "--json"]);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe("");
    const output = join(folder, "ds_coco_dataset#jpg85_modifier");
    expect(JSON.parse(result.stdout)).toEqual({ output, images: 10, failed: [] });
    expect(result.stdout.trim().split("\n")).toHaveLength(1);
    expect((await readdir(join(output, "images"))).length).toBe(10);
    expect(await readFile(join(output, "coco_annotations.json"))).toEqual(
      await readFile(join(coco, "coco_annotations.json")),
    );
    const again = await iqf(["modify", coco, "jpg", "-p", "quality=85"]);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toBe(`reused ${output} (10 images)`);
    const positional = await iqf(["modify", coco, "jpg", "quality=85"]);
    expect(positional.exitCode).toBe(0);
    expect(positional.stdout).toBe(`reused ${output} (10 images)`);
  });

  it("reports a truncated image by name, writes the others, exits non-zero, leaves the source untouched", async () => {
    const broken = join(folder, "broken", "ds_coco_dataset");
    await cp(coco, broken, { recursive: true });
    const bad = join(broken, "images", "000000309022.jpg");
    await writeFile(bad, (await readFile(bad)).subarray(0, 3000));
    const before = await treeHashes(broken);
    const result = await iqf(["modify", broken, "jpg", "--param", "quality=50", "--json"]);
    expect(result.exitCode).not.toBe(0);
    const report = JSON.parse(result.stdout) as {
      output: string;
      images: number;
      failed: { file: string; error: string }[];
    };
    expect(report.images).toBe(9);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]!.file).toBe(bad);
    expect(report.failed[0]!.error.length).toBeGreaterThan(0);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(bad);
    expect((await readdir(join(report.output, "images"))).sort()).not.toContain("000000309022.jpg");
    expect((await readdir(join(report.output, "images"))).length).toBe(9);
    expect(await treeHashes(broken)).toEqual(before);
  });

  it("rejects invalid params with one line naming the parameter, writing nothing", async () => {
    for (const [args, pattern] of [
      [["--param", "quality=250"], /quality/],
      [["--param", "qualty=85"], /unknown parameter "qualty"/],
      [["--param", "quality"], /expected key=value/],
      [["quality=85", "--param", "quality=90"], /quality: given more than once/],
      [["quality"], /expected key=value/],
    ] as const) {
      const result = await iqf(["modify", coco, "jpg", ...args, "--json"]);
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toMatch(pattern);
    }
    const unknown = await iqf(["modify", coco, "sepia"]);
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toMatch(/unknown modifier type "sepia"/);
    expect((await readdir(folder)).sort()).toEqual([
      "broken",
      "ds_coco_dataset",
      "ds_coco_dataset#jpg85_modifier",
    ]);
  });
});
