import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./tarballs.js";

const run = promisify(execFile);

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/** Every workspace package of a checkout, by name. */
async function manifests(root: string): Promise<Map<string, Manifest>> {
  const found = new Map<string, Manifest>();
  for (const group of ["packages", "examples"]) {
    for (const dir of await readdir(join(root, group))) {
      const text = await readFile(join(root, group, dir, "package.json"), "utf8").catch(() => undefined);
      if (text === undefined) continue;
      const manifest = JSON.parse(text) as Manifest;
      found.set(manifest.name, manifest);
    }
  }
  return found;
}

/** `names` and every workspace package that depends on one of them, transitively. */
function withDependents(all: Map<string, Manifest>, names: readonly string[]): Set<string> {
  const result = new Set(names);
  let grew = true;
  while (grew) {
    grew = false;
    for (const manifest of all.values()) {
      if (result.has(manifest.name)) continue;
      const uses = { ...manifest.dependencies, ...manifest.devDependencies, ...manifest.peerDependencies };
      if (Object.keys(uses).some((name) => result.has(name))) {
        result.add(manifest.name);
        grew = true;
      }
    }
  }
  return result;
}

/** The package names of the changeset files of a checkout's `.changeset/`. */
async function changesetPackages(root: string): Promise<string[]> {
  const names = new Set<string>();
  for (const file of await readdir(join(root, ".changeset"))) {
    if (!file.endsWith(".md") || file === "README.md") continue;
    const front = (await readFile(join(root, ".changeset", file), "utf8")).split("---")[1] ?? "";
    for (const match of front.matchAll(/"([^"]+)":\s*(major|minor|patch)/g)) names.add(match[1]!);
  }
  return [...names];
}

/** A clean clone of this checkout (sharing its node_modules) where `changeset version` has run. */
async function versionedClone(prepare: (clone: string) => Promise<void>) {
  const folder = await mkdtemp(join(tmpdir(), "iqf-changeset-"));
  const clone = join(folder, "iqf");
  try {
    await run("git", ["clone", "--quiet", repoRoot, clone]);
    await symlink(join(repoRoot, "node_modules"), join(clone, "node_modules"), "dir");
    await prepare(clone);
    const named = await changesetPackages(clone);
    const before = await manifests(clone);
    await run("node", [join(repoRoot, "node_modules/@changesets/cli/bin.js"), "version"], { cwd: clone });
    const after = await manifests(clone);
    const bumped = [...after.values()]
      .filter((manifest) => manifest.version !== before.get(manifest.name)?.version)
      .map((manifest) => manifest.name);
    return { named, before, after, bumped };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

describe("changeset version on a clean clone", () => {
  it("one changeset bumps its package and that package's dependents only", async () => {
    const { before, after, bumped } = await versionedClone(async (clone) => {
      for (const file of await readdir(join(clone, ".changeset")))
        if (file.endsWith(".md") && file !== "README.md") await rm(join(clone, ".changeset", file));
      await writeFile(
        join(clone, ".changeset/one.md"),
        `---\n"@iqf/tracking": minor\n---\n\nA test change.\n`,
      );
    });
    expect(after.get("@iqf/tracking")?.version).toBe("0.2.0");
    const allowed = withDependents(before, ["@iqf/tracking"]);
    for (const name of bumped) expect(allowed, `${name} was bumped`).toContain(name);
    for (const name of ["@iqf/core", "@iqf/coco", "@iqf/datasets", "@iqf/metrics", "@iqf/modifiers"])
      expect(after.get(name)?.version, name).toBe(before.get(name)?.version);
  });

  it("the repository's pending changesets bump the packages they name and their dependents, nothing else", async () => {
    const { named, before, bumped } = await versionedClone(async () => {});
    for (const name of named) expect(bumped, `${name} has a changeset`).toContain(name);
    const allowed = withDependents(before, named);
    for (const name of bumped) expect(allowed, `${name} was bumped`).toContain(name);
  });
});
