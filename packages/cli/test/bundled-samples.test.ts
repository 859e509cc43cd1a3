import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const data = fileURLToPath(new URL("../../../data", import.meta.url));
const samples = ["ds_coco_dataset", "ds_geo_dataset", "ds_inria_dataset"];

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "iqf-cli-samples-"));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

function iqf(args: readonly string[]) {
  return execa(process.execPath, [bin, ...args], { cwd: folder, reject: false, all: true });
}

describe("every command works on every bundled sample", () => {
  it.each(samples)(
    "info, sanity, sanity --fix and stats on %s",
    async (sample) => {
      const dataset = join(data, sample);
      for (const args of [
        ["info", dataset],
        ["sanity", dataset],
        ["sanity", dataset, "--fix", "--out", join(folder, `${sample}-fixed`)],
        ["stats", dataset, "--out", join(folder, `${sample}-stats`), "--no-plots"],
      ]) {
        const result = await iqf(args);
        expect(result.exitCode, `${args.join(" ")}\n${result.all}`).toBe(0);
        expect(result.all).not.toMatch(/^ {4}at /m);
      }
    },
    120_000,
  );

  it("an empty annotation file is 'no annotations' with a warning, and --fix drops it", async () => {
    const dataset = join(data, "ds_inria_dataset");
    const sanity = await iqf(["sanity", dataset]);
    expect(sanity.stderr).toMatch(
      /^iqf: warning: .*annotations\.json is empty; the dataset is treated as image-only/,
    );
    expect(sanity.stdout).toMatch(/: 2 images, 0 annotations checked, 0 problems/);
    expect((await readdir(join(folder, "ds_inria_dataset-fixed"))).sort()).toEqual([".iqf-output", "images"]);
    const stats = await iqf(["stats", dataset, "--json", "--out", join(folder, "inria-json")]);
    expect(stats.stderr).toMatch(/annotations\.json is empty/);
    expect(JSON.parse(stats.stdout)).toEqual([
      { file: join(dataset, "images"), obj: "images", stats: { mean_height: 1024, mean_width: 1024 } },
    ]);
  }, 120_000);

  it("stats skips an image it cannot thumbnail with a warning and finishes", async () => {
    const dataset = join(folder, "coco-broken");
    await cp(join(data, "ds_coco_dataset"), dataset, { recursive: true });
    await writeFile(join(dataset, "images", "000000005802.jpg"), "NOT A JPEG");
    const out = join(folder, "coco-broken-stats");
    const result = await iqf(["stats", dataset, "--out", out, "--no-plots", "--sample", "100"]);
    expect(result.exitCode, result.all).toBe(0);
    expect(result.stderr).toMatch(/^iqf: warning: .*000000005802\.jpg: left out of preview\.html/);
    expect(await readFile(join(out, "preview.html"), "utf8")).toMatch(/1 could not be shown/);
  }, 120_000);
});
