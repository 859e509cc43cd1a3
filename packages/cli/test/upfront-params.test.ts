import { chmod, cp, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { treeHashes } from "../../../test-support/tree-hashes.js";

const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const data = fileURLToPath(new URL("../../../data", import.meta.url));

function iqf(args: string[], cwd: string) {
  return execa(process.execPath, [bin, ...args], { reject: false, cwd });
}

let folder: string;
let coco: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "iqf-cli-upfront-"));
  coco = join(folder, "ds_coco_dataset");
  await cp(join(data, "ds_coco_dataset"), coco, { recursive: true });
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Everything next to the dataset besides the dataset itself (modified folders, hidden temporaries). */
async function siblings(): Promise<string[]> {
  return (await readdir(folder)).filter((name) => name.includes("ds_coco_dataset#"));
}

describe("iqf modify refuses params that cannot work for the dataset, once, before any image", () => {
  for (const [label, args, pattern] of [
    ["quant bits=9 on 8-bit images", ["quant", "-p", "bits=9"], /bits: must be at most 8 for 8-bit images/],
    [
      "gsd scale=1000 (0 px)",
      ["gsd", "-p", "scale=1000"],
      /scale: 1000 reduces all 10 images, .* to 0 pixels.*at most 336/,
    ],
    [
      "gsd scale=0.0001 (absurd size)",
      ["gsd", "-p", "scale=0.0001"],
      /scale: 0\.0001 enlarges all 10 images/,
    ],
    [
      "command argv=notjson",
      ["command", "-p", "argv=notjson"],
      /argv: program "notjson" cannot be run: it is not on PATH/,
    ],
    [
      "command argv=./missing.sh",
      ["command", "-p", "argv=./missing.sh"],
      /argv: program "\.\/missing\.sh" cannot be run/,
    ],
  ] as const) {
    it(label, async () => {
      const before = await treeHashes(coco);
      const result = await iqf(["modify", "ds_coco_dataset", ...args], folder);
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toBe("");
      const lines = result.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^iqf: Invalid parameters for \S+_modifier on ds_coco_dataset: /);
      expect(lines[0]).toMatch(pattern);
      expect(await siblings()).toEqual([]);
      expect(await treeHashes(coco)).toEqual(before);
    });
  }

  it("a program that fails on every image leaves no folder behind and names each file once", async () => {
    const result = await iqf(["modify", "ds_coco_dataset", "command", "-p", "argv=false"], folder);
    expect(result.exitCode).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(10);
    for (const line of lines) {
      const file = /(\d{12}\.jpg)/.exec(line)?.[1];
      expect(file).toBeDefined();
      expect(line.split(file!)).toHaveLength(2);
    }
    expect(lines.at(-1)).toMatch(
      /^iqf: command_modifier failed on every image of ds_coco_dataset \(10 images; first: .*exited with code 1\); nothing was written$/,
    );
    expect(await siblings()).toEqual([]);
  });

  it("a relative program path starts at the current folder, not at the per-image work folder", async () => {
    const script = join(folder, "copy.sh");
    await writeFile(script, '#!/bin/sh\ncp "$1" "$2/out.jpg"\n');
    await chmod(script, 0o755);
    const result = await iqf(
      [
        "modify",
        "ds_coco_dataset",
        "command",
        "-p",
        'argv=["./copy.sh","{input}","{outputDir}"]',
        "-p",
        "name=copy",
      ],
      folder,
    );
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/wrote .*ds_coco_dataset#copy_modifier \(10 images\)/);
    await rm(join(folder, "ds_coco_dataset#copy_modifier"), { recursive: true });
  });

  it("a failing image is named once in its line", async () => {
    const one = join(folder, "one");
    await mkdir(join(one, "images"), { recursive: true });
    await cp(join(coco, "images", "000000005802.jpg"), join(one, "images", "a.jpg"));
    await cp(join(coco, "images", "000000060623.jpg"), join(one, "images", "b.jpg"));
    const script = join(folder, "fail-a.sh");
    await writeFile(
      script,
      '#!/bin/sh\ncase "$1" in *a.jpg) echo "cannot read it" >&2; exit 2;; esac\ncp "$1" "$2/out.jpg"\n',
    );
    await chmod(script, 0o755);
    const result = await iqf(
      ["modify", "one", "command", "-p", `argv=["${script}","{input}","{outputDir}"]`],
      folder,
    );
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim()).toBe(
      "iqf: one/images/a.jpg: command modifier failed: exited with code 2: cannot read it",
    );
    expect(result.stdout).toMatch(/\(1 image, 1 failed\)/);
  });
});

describe("iqf run refuses a modifier param that cannot work before any run starts", () => {
  it("names the experiment file and each YAML field; nothing is created", async () => {
    const experiment = join(folder, "exp");
    await mkdir(experiment);
    await cp(coco, join(experiment, "ds"), { recursive: true });
    await writeFile(
      join(experiment, "task.mjs"),
      'import { writeFileSync } from "node:fs"; writeFileSync("ran", "");\n',
    );
    const file = join(experiment, "experiment.yaml");
    await writeFile(
      file,
      [
        "name: upfront",
        "dataset: ds",
        "modifiers:",
        "  - { type: jpg, params: { quality: 50 } }",
        "  - [ { type: none }, { type: gsd, params: { scale: 1000 } } ]",
        "  - { type: quant, params: { bits: 9 } }",
        "task:",
        `  command: [${JSON.stringify(process.execPath)}, task.mjs]`,
      ].join("\n"),
    );
    const result = await iqf(["run", "experiment.yaml"], experiment);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`^iqf: ${file}: modifiers\\[1\\]\\[1\\]\\.params\\.scale: 1000 reduces`),
    );
    expect(lines[0]).toContain("; modifiers[2].params.bits: must be at most 8 for 8-bit images");
    expect((await readdir(experiment)).sort()).toEqual(["ds", "experiment.yaml", "task.mjs"]);
  });

  it("says '1 run' for a one-cell experiment", async () => {
    const experiment = join(folder, "single");
    await mkdir(experiment);
    await cp(coco, join(experiment, "ds"), { recursive: true });
    await writeFile(
      join(experiment, "task.mjs"),
      'import { writeFileSync } from "node:fs"; import { join } from "node:path";\n' +
        'const a = process.argv; writeFileSync(join(a[a.indexOf("--outputpath") + 1], "results.json"), "{\\"score\\": 1}");\n',
    );
    await writeFile(
      join(experiment, "experiment.yaml"),
      [
        "name: single",
        "dataset: ds",
        "modifiers: [ { type: none } ]",
        "task:",
        `  command: [${JSON.stringify(process.execPath)}, task.mjs]`,
      ].join("\n"),
    );
    const result = await iqf(["run", "experiment.yaml", "-q"], experiment);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/^single: 1 run — 1 finished, 0 failed, 0 skipped in /m);
  });
});
