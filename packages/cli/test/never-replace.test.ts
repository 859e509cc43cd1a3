import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const data = fileURLToPath(new URL("../../../data", import.meta.url));

function iqf(args: string[], cwd?: string) {
  return execa(process.execPath, [bin, ...args], { reject: false, all: true, ...(cwd ? { cwd } : {}) });
}

let folder: string;
let geo: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "iqf-cli-never-replace-"));
  geo = join(folder, "geo");
  await cp(join(data, "ds_geo_dataset"), geo, { recursive: true });
});
afterAll(() => rm(folder, { recursive: true, force: true }));

/** A user's file that must survive. */
async function userFile(name: string): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, "the user's own notes\n");
  return path;
}

/** A folder holding a user's file that must survive. */
async function userFolder(path: string): Promise<string> {
  await mkdir(path, { recursive: true });
  await writeFile(join(path, "mine.txt"), "keep me\n");
  return path;
}

function expectRefused(result: { exitCode?: number; all?: string }, path: string, what: RegExp): void {
  expect(result.exitCode, result.all).toBe(1);
  expect(result.all).toContain(path);
  expect(result.all).toMatch(what);
  expect(result.all).toMatch(/--force/);
  expect(result.all).not.toMatch(/^\s+at /m);
}

describe("no command deletes or replaces what iqf did not create, unless --force", () => {
  it("sanity --fix --out <existing file> keeps the file; --force replaces it", async () => {
    const file = await userFile("important.txt");
    const refused = await iqf(["sanity", geo, "--fix", "--out", file]);
    expectRefused(refused, file, /is a file, not a folder iqf created/);
    expect(await readFile(file, "utf8")).toBe("the user's own notes\n");
    const forced = await iqf(["sanity", geo, "--fix", "--out", file, "--force"]);
    expect(forced.exitCode, forced.all).toBe(0);
    expect(await readdir(file)).toContain("annots.geojson");
  });

  it("sanity --out <folder of the user's files> is refused; a folder iqf wrote is replaced", async () => {
    const out = await userFolder(join(folder, "user-out"));
    expectRefused(
      await iqf(["sanity", geo, "--out", out]),
      out,
      /holds files iqf did not create \(mine\.txt\)/,
    );
    expect(await readFile(join(out, "mine.txt"), "utf8")).toBe("keep me\n");
    const own = join(folder, "own-out");
    expect((await iqf(["sanity", geo, "--out", own])).exitCode).toBe(0);
    const again = await iqf(["sanity", geo, "--out", own]);
    expect(again.exitCode, again.all).toBe(0);
  });

  it("modify does not replace a <dataset>#<name>_modifier folder or file it did not write", async () => {
    const target = await userFolder(join(folder, "geo#jpg85_modifier"));
    const refused = await iqf(["modify", geo, "jpg", "--param", "quality=85"]);
    expectRefused(refused, target, /holds files iqf did not create \(mine\.txt\)/);
    expect(await readdir(target)).toEqual(["mine.txt"]);
    await rm(target, { recursive: true });
    await writeFile(target, "a plain file");
    expectRefused(await iqf(["modify", geo, "jpg", "--param", "quality=85"]), target, /is a file/);
    expect(await readFile(target, "utf8")).toBe("a plain file");
    const forced = await iqf(["modify", geo, "jpg", "--param", "quality=85", "--force"]);
    expect(forced.exitCode, forced.all).toBe(0);
    expect(await readdir(join(target, "images"))).toHaveLength(10);
    // Its own output is replaced without --force.
    const rebuilt = await iqf(["modify", geo, "jpg", "--param", "quality=85"]);
    expect(rebuilt.exitCode, rebuilt.all).toBe(0);
  });

  it("stats --out <existing file> or a user's folder is refused with one line", async () => {
    const file = await userFile("stats.txt");
    expectRefused(await iqf(["stats", geo, "--out", file, "--no-plots", "--no-html"]), file, /is a file/);
    expect(await readFile(file, "utf8")).toBe("the user's own notes\n");
    const out = await userFolder(join(folder, "user-stats"));
    expectRefused(await iqf(["stats", geo, "--out", out, "--no-plots", "--no-html"]), out, /mine\.txt/);
    expect(await readdir(out)).toEqual(["mine.txt"]);
    const forced = await iqf(["stats", geo, "--out", out, "--no-plots", "--no-html", "--force"]);
    expect(forced.exitCode, forced.all).toBe(0);
    expect((await readdir(out)).sort()).toEqual([".iqf-output", "mine.txt", "stats.json"]);
  });
});

describe("the command modifier", () => {
  it("gets absolute placeholder paths when the dataset is given as a relative path", async () => {
    const argv = JSON.stringify(["cp", "{input}", "{outputDir}/{stem}.tif"]);
    const result = await iqf(["modify", "geo", "command", "--param", `argv=${argv}`, "--json"], folder);
    expect(result.exitCode, result.all).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ images: 10, failed: [] });
    expect(await readdir(join(folder, "geo#command_modifier", "images"))).toHaveLength(10);
  });
});
