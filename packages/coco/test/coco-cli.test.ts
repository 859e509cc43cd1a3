import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { COCO_STAT_NAMES } from "@iqf/coco";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { referenceSet, repoRoot, setFiles } from "./coco-sets.js";

// Spawns the built command line: build it first (npx tsc -b packages/cli).
const bin = join(repoRoot, "packages/cli/dist/bin.js");

function iqf(args: string[]) {
  return execa(process.execPath, [bin, ...args], { reject: false, cwd: repoRoot });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "iqf-eval-cli-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("iqf eval coco", () => {
  it.each(["iqf-sample", "small"])("prints pycocotools' summary table on the %s set", async (name) => {
    const files = await setFiles(name);
    const result = await iqf(["eval", "coco", "--gt", files.gt, "--dt", files.dt]);
    expect(result.exitCode).toBe(0);
    expect(`${result.stdout}\n`).toBe(referenceSet(name).summarize_output);
  });

  it("prints one JSON object with the 12 statistics at full precision", async () => {
    const files = await setFiles("small");
    const result = await iqf(["eval", "coco", "--gt", files.gt, "--dt", files.dt, "--json"]);
    expect(result.exitCode).toBe(0);
    const output = JSON.parse(result.stdout) as Record<string, number>;
    expect(Object.keys(output)).toEqual([...COCO_STAT_NAMES]);
    expect(Object.values(output)).toEqual(referenceSet("small").stats);
  });

  it("adds per_image with --per-image", async () => {
    const files = await setFiles("iqf-sample");
    const result = await iqf([
      "eval",
      "coco",
      "--gt",
      files.gt,
      "--dt",
      files.dt,
      "--json",
      "--per-image",
      "--per-image-iou",
      "0.5,0.9",
    ]);
    expect(result.exitCode).toBe(0);
    const output = JSON.parse(result.stdout) as {
      per_image: {
        imageId: number;
        fileName: string;
        outcomes: { iouThreshold: number; truePositives: number }[];
      }[];
    };
    expect(output.per_image).toHaveLength(10);
    expect(output.per_image[0]?.outcomes.map((o) => o.iouThreshold)).toEqual([0.5, 0.9]);
    expect(output.per_image[0]?.fileName).toMatch(/\.jpg$/);
  });

  it("prints a per-image table after the summary without --json", async () => {
    const files = await setFiles("iqf-sample");
    const result = await iqf(["eval", "coco", "--gt", files.gt, "--dt", files.dt, "--per-image"]);
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[13]).toBe("image_id\tfile_name\tTP@0.5\tFP@0.5\tFN@0.5\tTP@0.75\tFP@0.75\tFN@0.75");
    expect(lines).toHaveLength(14 + 10);
  });

  it("fails with one line naming the file and JSON path for a malformed file", async () => {
    const files = await setFiles("iqf-sample");
    const bad = join(dir, "bad.json");
    await writeFile(bad, JSON.stringify([{ image_id: 391895, category_id: 1, bbox: [1, 2, 3], score: 0.5 }]));
    const result = await iqf(["eval", "coco", "--gt", files.gt, "--dt", bad]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(`iqf: ${bad}: [0].bbox must be 4 numbers [x, y, width, height]`);
    expect(result.stdout).toBe("");
  });

  it("requires --gt and --dt", async () => {
    const result = await iqf(["eval", "coco", "--dt", "x.json"]);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain("--gt <file>");
  });
});
