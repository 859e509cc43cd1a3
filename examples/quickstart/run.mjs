#!/usr/bin/env node
// iqf quickstart (`npm start`): the seed's typical workflow on the bundled COCO sample.
// 1. modify data/ds_coco_dataset with JPEG quality 10, 30, 50, 70 and 90 (sibling folders);
//    the identity modifier `none` adds the pristine level (the original dataset, no copy);
// 2. run a small real task (reconstruct-task.mjs: rebuild each image from a 2× or 4× smaller
//    copy of its JPEG version, PSNR/SSIM against the pristine image per epoch) for every
//    quality × scale, tracked in ./mlruns as experiment `quickstart`;
// 3. print the run table and the robustness summary (PSNR against quality, relative to pristine),
//    plot PSNR against quality and write the self-contained HTML report out/report.html.
// Running it again resumes: finished runs are skipped.
import { mkdir } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { ExperimentInfo, ExperimentSetup, formatRobustness, ScriptTaskExecution } from "@iqf/experiments";
import { JpgModifier, NoneModifier } from "@iqf/modifiers";
import { writeReport } from "@iqf/ui";
import { ExperimentVisual } from "@iqf/visual";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const started = performance.now();
const tracking = join(root, "mlruns");
const reference = join(root, "data", "ds_coco_dataset");

const setup = new ExperimentSetup({
  experimentName: "quickstart",
  task: new ScriptTaskExecution({
    command: [process.execPath, join(here, "reconstruct-task.mjs"), "--reference", reference],
    timeoutSeconds: 120,
  }),
  refDswTrain: reference,
  modifiers: [new NoneModifier(), ...[10, 30, 50, 70, 90].map((quality) => new JpgModifier({ quality }))],
  extraTrainParams: { scale: [2, 4], epochs: [4] },
  concurrency: Math.min(2, availableParallelism()),
  tracking,
  onDatasetBuild: ({ modifier }) => console.log(`building dataset ${modifier}`),
  onRunEnd: (run) =>
    console.log(
      `${run.status.padEnd(8)} ${run.runName} scale=${run.cell.params.scale}` +
        (run.status === "SKIPPED" ? " (finished earlier)" : ` ${(run.totalMs / 1000).toFixed(1)}s`) +
        (run.failure ? ` — ${run.failure}: ${run.detail}` : ""),
    ),
});
const summary = await setup.execute();
console.log(
  `\n${summary.total} runs: ${summary.finished} finished, ${summary.failed} failed, ${summary.skipped} skipped (tracking: ${summary.trackingUri})`,
);

const info = await ExperimentInfo.open("quickstart", { tracking });
const rows = info.getTable({ params: ["quality", "scale"], metrics: ["psnr", "ssim"], dropNa: false }).rows;
console.log("\nReconstruction quality after the last epoch (mean over the 10 images):");
console.table(
  rows
    .filter((row) => row.psnr !== null)
    .sort((a, b) => (a.quality ?? 101) - (b.quality ?? 101) || a.scale - b.scale)
    .map((row) => ({
      run: row.name,
      quality: row.quality ?? "pristine",
      scale: row.scale,
      "psnr (dB)": Number(row.psnr).toFixed(2),
      ssim: Number(row.ssim).toFixed(4),
    })),
);
console.log(`\n${formatRobustness(info.robustness({ metric: "psnr", by: "quality" }))}`);
const table = info.getTable({ params: ["quality", "scale"], metrics: ["psnr", "ssim"] });
await mkdir(join(here, "out"), { recursive: true });
const plot = join(here, "out", "psnr-quality.png");
await new ExperimentVisual(table, plot).visualize({
  x: "quality",
  y: "psnr",
  legend: "scale",
  title: "Reconstruction PSNR against JPEG quality",
  xTitle: "JPEG quality",
  yTitle: "PSNR (dB)",
});
console.log(`\nplot: ${relative(process.cwd(), plot)}`);
const report = await writeReport("quickstart", join(here, "out", "report.html"), { tracking });
console.log(
  `report: ${relative(process.cwd(), report.path)} (${(report.bytes / 1024 / 1024).toFixed(2)} MB, open it in a browser; or browse the store with: npx iqf ui)`,
);
console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)}s`);
if (summary.failed > 0) process.exitCode = 1;
