import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";
import type { Page } from "playwright-core";
import { jpegLevelsExperimentYaml, sampleDataset } from "../../experiments/test/helpers.js";

export { sampleDataset };

/** Repository root. */
export const repoRoot = resolve(import.meta.dirname, "..", "..", "..");
/** The built `iqf` command. */
export const iqfBin = join(repoRoot, "packages", "cli", "dist", "bin.js");
/** Where the browser tests put their screenshots (git-ignored). */
export const screenshotDir = join(repoRoot, ".tmp-screenshots", "ui");

/** A fresh temporary folder. */
export function tempFolder(label: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `iqf-ui-${label}-`));
}

/**
 * Runs a small version of the quickstart with `iqf run` in `folder`: the quickstart's
 * reconstruction task on 2 COCO images, modifiers none / jpg 20 / jpg 80, scale 2 (finishes)
 * and scale 1 (the task rejects it: a FAILED run with stderr). Returns the store's path.
 */
export async function quickstartLikeExperiment(folder: string, name: string): Promise<string> {
  const dataset = await sampleDataset(folder, "ds", 2);
  const task = join(repoRoot, "examples", "quickstart", "reconstruct-task.mjs");
  await writeFile(
    join(folder, "experiment.yaml"),
    jpegLevelsExperimentYaml(
      name,
      [process.execPath, task, "--reference", dataset],
      ["extraTrainParams: { scale: [2, 1], epochs: [2] }", "concurrency: 2"],
    ),
  );
  const run = await execa(process.execPath, [iqfBin, "run", "experiment.yaml"], {
    cwd: folder,
    reject: false,
  });
  if (run.exitCode !== 1) throw new Error(`iqf run exited ${run.exitCode}: ${run.stderr}`);
  return join(folder, "mlruns");
}

/** Console errors, page errors and requests of a page, recorded from now on. */
export function watchPage(page: Page): { errors: string[]; requests: string[] } {
  const errors: string[] = [];
  const requests: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("request", (request) => requests.push(request.url()));
  return { errors, requests };
}
