import { copyFile, mkdir, mkdtemp, readdir, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";

/** Repository root. */
export const repoRoot = resolve(import.meta.dirname, "..");

const bin = join(repoRoot, "packages/cli/dist/bin.js");

/**
 * A fresh project folder outside the workspace, laid out as after `npm install`: the given
 * workspace packages (e.g. `examples/plugin-modifier`) under `node_modules/<their name>`, and a
 * copy of the first `images` images of the COCO sample as `ds/`.
 */
export async function pluginProject(packages: Readonly<Record<string, string>>, images = 3): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), "iqf-plugin-project-"));
  for (const [name, path] of Object.entries(packages)) {
    const target = join(folder, "node_modules", name);
    await mkdir(resolve(target, ".."), { recursive: true });
    await symlink(join(repoRoot, path), target);
  }
  const source = join(repoRoot, "data/ds_coco_dataset");
  await mkdir(join(folder, "ds/images"), { recursive: true });
  for (const image of (await readdir(join(source, "images"))).sort().slice(0, images))
    await copyFile(join(source, "images", image), join(folder, "ds/images", image));
  await copyFile(join(source, "coco_annotations.json"), join(folder, "ds/coco_annotations.json"));
  return folder;
}

/** Runs the built `iqf` in `cwd` (never throws; look at `exitCode`, `stdout`, `stderr`). */
export function iqf(cwd: string, args: readonly string[], env: Readonly<Record<string, string>> = {}) {
  return execa(process.execPath, [bin, ...args], { cwd, reject: false, env: { IQF_PLUGINS: "", ...env } });
}

/**
 * Writes a task script following the task contract into `folder/task.mjs`: it writes
 * `results.json` ({ score }), and `output.json` as COCO detections (`--kind detect`) or, for
 * image-generation runs (`--kind generate`), copies of the test dataset's images into `gen/`
 * listed in `output.json`.
 */
export async function writePluginTask(folder: string): Promise<void> {
  await writeFile(
    join(folder, "task.mjs"),
    `import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
const argv = process.argv.slice(2);
const args = {};
for (let i = 0; i < argv.length; i += 2) args[argv[i].replace(/^--/, "")] = argv[i + 1];
const out = args.outputpath;
writeFileSync(join(out, "results.json"), JSON.stringify({ score: 1 }));
if (args.kind === "generate") {
  mkdirSync(join(out, "gen"));
  const images = readdirSync(join(args.testds, "images")).sort();
  for (const image of images) copyFileSync(join(args.testds, "images", image), join(out, "gen", image));
  writeFileSync(join(out, "output.json"), JSON.stringify(images.map((image) => "gen/" + image)));
} else {
  writeFileSync(join(out, "output.json"), JSON.stringify([{ image_id: 1, category_id: 1, bbox: [0, 0, 4, 4], score: 0.9 }, { image_id: 1, category_id: 1, bbox: [1, 1, 4, 4], score: 0.2 }]));
}
`,
  );
}
