import { copyFile, mkdir, mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** Repository root (tests run from anywhere). */
export const repoRoot = resolve(import.meta.dirname, "..", "..", "..");

/** Makes a fresh temporary folder. */
export function tempFolder(label: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `iqf-exp-${label}-`));
}

/** Copies the first `count` images (and the annotations) of the COCO sample into `<parent>/<name>`. */
export async function sampleDataset(parent: string, name: string, count = 2): Promise<string> {
  const source = join(repoRoot, "data", "ds_coco_dataset");
  const target = join(parent, name);
  await mkdir(join(target, "images"), { recursive: true });
  const images = (await readdir(join(source, "images"))).sort().slice(0, count);
  for (const image of images) await copyFile(join(source, "images", image), join(target, "images", image));
  await copyFile(join(source, "coco_annotations.json"), join(target, "coco_annotations.json"));
  return target;
}

/**
 * The text of an experiment file over the dataset `./ds` (beside it) at three levels: pristine,
 * JPEG quality 20 and 80, running `command`, tracked in `./mlruns`; `extra` lines are added
 * before the tracking line (e.g. `extraTrainParams`, `concurrency`).
 */
export function jpegLevelsExperimentYaml(
  name: string,
  command: readonly string[],
  extra: readonly string[] = [],
): string {
  return [
    `name: ${name}`,
    "dataset: ./ds",
    "modifiers:",
    "  - { type: none }",
    "  - { type: jpg, params: { quality: 20 } }",
    "  - { type: jpg, params: { quality: 80 } }",
    "task:",
    `  command: ${JSON.stringify(command)}`,
    ...extra,
    "trackingUri: ./mlruns",
    "",
  ].join("\n");
}

/**
 * A small Node task following the contract. Its behaviour depends on files in `controlDir`
 * (so that a re-run of the same grid cells can behave differently) and on the `mode` param:
 * `ok` writes results.json, output.json, args.json and plots/curve.txt; `crash` exits 3;
 * `hang` starts a grandchild, records both pids and waits forever; `nothing` writes nothing;
 * `badjson` writes an invalid results.json. When `<controlDir>/hang` exists every mode hangs.
 */
export const taskSource = `
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
const argv = process.argv.slice(2);
const args = {};
for (let i = 0; i < argv.length; i += 2) args[argv[i].replace(/^--/, "")] = argv[i + 1];
const control = process.env.IQF_TEST_CONTROL;
let mode = args.mode ?? "ok";
if (control && existsSync(join(control, "hang"))) mode = "hang";
const out = args.outputpath;
console.log("task start " + (args.mode ?? "ok"));
if (mode === "crash") { console.error("boom: simulated crash"); process.exit(3); }
if (mode === "nothing") process.exit(0);
if (mode === "badjson") { writeFileSync(join(out, "results.json"), "{not json"); process.exit(0); }
if (mode === "hang") {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  mkdirSync(join(control, "pids"), { recursive: true });
  writeFileSync(join(control, "pids", process.pid + "-" + child.pid), "");
  setInterval(() => {}, 1000);
} else {
  writeFileSync(join(out, "args.json"), JSON.stringify({ argv, worker: process.env.WORKER ?? null, cwd: process.cwd() }));
  const x = Number(args.x ?? 1);
  writeFileSync(join(out, "results.json"), JSON.stringify({ loss: [1, 0.5, x / 10], score: x, label: args.label ?? "none" }));
  writeFileSync(join(out, "output.json"), JSON.stringify([{ image_id: 1, score: x }]));
  mkdirSync(join(out, "plots"));
  writeFileSync(join(out, "plots", "curve.txt"), "1 0.5");
}
`;

/** Writes the task script into `folder` and returns its path. */
export async function writeTask(folder: string): Promise<string> {
  const path = join(folder, "task.mjs");
  await writeFile(path, taskSource);
  return path;
}

/** Whether a process with that pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls `predicate` every 50 ms until it is true or `timeoutMs` passes. */
export async function waitFor(
  predicate: () => Promise<boolean> | boolean,
  timeoutMs = 20_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
