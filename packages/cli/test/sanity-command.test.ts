import { cp, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const repo = fileURLToPath(new URL("../../../", import.meta.url));

function iqf(args: string[]) {
  return execa(process.execPath, [bin, ...args], { reject: false });
}

let broken: string;
let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "iqf-cli-sanity-"));
  broken = join(work, "broken_geo");
  await cp(join(repo, "data/ds_geo_dataset"), broken, { recursive: true });
  await cp(
    join(repo, "fixtures/reference/iquaflow/sanity/inputs/broken_geo_annots.geojson"),
    join(broken, "annots.geojson"),
  );
});

describe("iqf sanity", () => {
  it("exits 0 on a clean dataset", async () => {
    const result = await iqf(["sanity", join(repo, "data/ds_coco_dataset")]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/10 images, 130 annotations checked, 0 problems/);
  });

  it("lists problems with their codes and exits 1 without --fix", async () => {
    const result = await iqf(["sanity", broken]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/GEOMETRY_INVALID +features\[2\]/);
    expect(result.stdout).toMatch(/GEOMETRY_NULL +features\[4\]/);
    expect(result.stdout).toMatch(/GEOMETRY_EMPTY +features\[9\]/);
  });

  it("prints the report with --json", async () => {
    const result = await iqf(["sanity", broken, "--json"]);
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.summary).toEqual({ GEOMETRY_INVALID: 1, GEOMETRY_NULL: 1, GEOMETRY_EMPTY: 1 });
    expect(report.clean).toBe(false);
  });

  it("writes a sanitized copy with --fix --out and exits 0 when everything was fixed", async () => {
    const out = join(work, "fixed");
    const before = await readFile(join(broken, "annots.geojson"), "utf8");
    const result = await iqf(["sanity", broken, "--fix", "--out", out, "--json"]);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      fixedAll: true,
      kept: { images: 10, annotations: 13 },
    });
    const fixed = JSON.parse(await readFile(join(out, "annots.geojson"), "utf8"));
    expect(fixed.features).toHaveLength(13);
    expect((await readdir(join(out, "images"))).length).toBe(10);
    expect(await readFile(join(broken, "annots.geojson"), "utf8")).toBe(before);
    const again = await iqf(["sanity", out]);
    expect(again.exitCode).toBe(0);
    // The copy carries iqf's marker, so writing it again replaces it without --force.
    expect((await readdir(out)).sort()).toEqual([".iqf-output", "annots.geojson", "images"]);
    const rewritten = await iqf(["sanity", broken, "--out", out]);
    expect(rewritten.exitCode, rewritten.stderr).toBe(0);
  });

  it("gives one clear line for bad input", async () => {
    const bad = join(work, "bad");
    await cp(join(repo, "data/ds_geo_dataset"), bad, { recursive: true });
    await writeFile(join(bad, "annots.geojson"), "{ nope");
    const result = await iqf(["sanity", bad]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim()).toMatch(/^iqf: .*annots\.geojson: is not valid JSON/);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    const crs = JSON.stringify({
      type: "FeatureCollection",
      crs: { type: "name", properties: { name: "EPSG:12345" } },
      features: [],
    });
    await writeFile(join(bad, "annots.geojson"), crs);
    const unknown = await iqf(["sanity", bad]);
    expect(unknown.stderr).toMatch(/unknown coordinate reference system "EPSG:12345"/);
  });
});
