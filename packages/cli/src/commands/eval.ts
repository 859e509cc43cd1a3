import type { CocoImageResult } from "@iqf/coco";
import { IqfError } from "@iqf/core";
import type { Command } from "commander";

interface EvalCocoOptions {
  readonly gt: string;
  readonly dt: string;
  readonly json?: boolean;
  readonly perImage?: boolean;
  readonly perImageIou: string;
}

/** One text line per image: id, file name and TP/FP/FN at each threshold. */
function formatPerImageTable(images: readonly CocoImageResult[]): string {
  const first = images[0];
  if (first === undefined) return "";
  const thresholds = first.outcomes.map((o) => o.iouThreshold);
  const header = ["image_id", "file_name", ...thresholds.flatMap((t) => [`TP@${t}`, `FP@${t}`, `FN@${t}`])];
  const rows = images.map((image) => [
    String(image.imageId),
    image.fileName ?? "",
    ...image.outcomes.flatMap((o) => [o.truePositives, o.falsePositives, o.falseNegatives].map(String)),
  ]);
  return [header, ...rows].map((cells) => cells.join("\t")).join("\n");
}

/** Reads `--per-image-iou`: comma-separated IoU thresholds from 0 to 1, or one `iqf: --per-image-iou: …` error. */
function parseIouThresholds(text: string): number[] {
  const parts = text.split(",").map((part) => part.trim());
  const bad = parts.find((part) => part === "" || !(Number(part) >= 0 && Number(part) <= 1));
  if (bad !== undefined) {
    const what = bad === "" ? "an empty threshold" : `"${bad}" is not a number from 0 to 1`;
    throw new IqfError(
      "INVALID_PARAMS",
      `--per-image-iou: ${what} in "${text}"; give IoU thresholds from 0 to 1 separated by commas, e.g. 0.5,0.75`,
    );
  }
  return parts.map(Number);
}

/**
 * Registers `iqf eval coco --gt GT.json --dt DT.json [--json] [--per-image]`: COCO bounding-box
 * evaluation identical to pycocotools. Prints pycocotools' 12-line summary, or with `--json` one
 * JSON object whose keys are iquaflow's 12 statistic names (plus `per_image` with `--per-image`).
 */
export function registerEval(program: Command): void {
  const evalCommand = program.command("eval").description("evaluate predictions against ground truth");
  evalCommand
    .command("coco")
    .description("COCO bounding-box evaluation (the same numbers as pycocotools)")
    .requiredOption("--gt <file>", "COCO ground-truth JSON (images, annotations, categories)")
    .requiredOption("--dt <file>", "COCO results JSON (an array of {image_id, category_id, bbox, score})")
    .option("--json", "print one JSON object: the 12 statistics at full precision")
    .option("--per-image", "also report true/false positives and misses per image")
    .option(
      "--per-image-iou <thresholds>",
      "comma-separated IoU thresholds of the per-image report",
      "0.5,0.75",
    )
    .action(async (options: EvalCocoOptions) => {
      const iouThresholds = parseIouThresholds(options.perImageIou);
      // Loaded on use: only the evaluation entry of @iqf/coco, which loads without zod.
      const { evaluateCoco, formatCocoSummary } = await import("@iqf/coco/evaluate");
      const evaluation = await evaluateCoco(options.gt, options.dt, {
        perImage: options.perImage ? { iouThresholds } : false,
      });
      if (options.json) {
        const output = options.perImage
          ? { ...evaluation.stats, per_image: evaluation.perImage }
          : evaluation.stats;
        process.stdout.write(`${JSON.stringify(output)}\n`);
        return;
      }
      process.stdout.write(`${formatCocoSummary(evaluation.stats, evaluation.params)}\n`);
      if (options.perImage) process.stdout.write(`\n${formatPerImageTable(evaluation.perImage ?? [])}\n`);
    });
}
