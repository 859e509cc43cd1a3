import { accumulate } from "./accumulate.js";
import { groupIntoCells } from "./cells.js";
import { evaluateCells } from "./evaluate-cells.js";
import type { CocoDetectionJson, CocoGroundTruthJson } from "./json-shapes.js";
import { loadDetections, loadGroundTruth } from "./load.js";
import type { CocoStats } from "./names.js";
import { type CocoEvalOptions, type CocoEvalParams, resolveCocoParams } from "./params.js";
import { type CocoCategoryResult, perCategoryResults } from "./per-category.js";
import { type CocoImageResult, PerImageCollector } from "./per-image.js";
import { summarizeStats } from "./summarize.js";

/** A dense float64 array in row-major (numpy C) order. */
export interface Float64NdArray {
  /** The values, last axis fastest. */
  readonly data: Float64Array;
  /** Length of each axis. */
  readonly shape: readonly number[];
}

/** Everything `evaluateCoco` computes. */
export interface CocoEvaluation {
  /** The 12 summary statistics under iquaflow's names (pycocotools' `stats`, −1 = no ground truth). */
  readonly stats: CocoStats;
  /** Per-category AP/AR, in ascending category id order (empty when categories are pooled). */
  readonly perCategory: readonly CocoCategoryResult[];
  /**
   * pycocotools' `eval["precision"]`, shape `[T, R, K, A, M]`: IoU thresholds × recall thresholds
   * × categories × area ranges × maxDets, −1 where there is no ground truth.
   */
  readonly precision: Float64NdArray;
  /** pycocotools' `eval["recall"]`, shape `[T, K, A, M]`. */
  readonly recall: Float64NdArray;
  /** pycocotools' `eval["scores"]`, shape `[T, R, K, A, M]`. */
  readonly scores: Float64NdArray;
  /** The parameters used (index order of every axis above). */
  readonly params: CocoEvalParams;
  /** Per-image true/false positives and misses, when `options.perImage` asked for them. */
  readonly perImage?: readonly CocoImageResult[];
}

/**
 * Evaluates COCO bounding-box detections exactly as pycocotools' `COCOeval(iouType="bbox")`
 * (`evaluate()`, `accumulate()`, `summarize()`): the 12 statistics and the precision, recall
 * and scores arrays are bit-identical to pycocotools'.
 *
 * Where pycocotools crashes, this is defined instead: an empty results list evaluates as "no
 * detections" (AP/AR 0 for categories with ground truth, −1 elsewhere); detections on images
 * that are not in the ground truth, malformed files and repeated ground-truth annotation ids
 * raise `InvalidFile`.
 *
 * @param groundTruth - COCO ground truth: a path to the JSON file, or the parsed object.
 * @param results - COCO results: a path to a JSON array file, or the array itself.
 * @param options - evaluation options (pycocotools' defaults when omitted).
 * @returns the statistics, per-category results and arrays.
 * @throws InvalidFile for unreadable or malformed inputs (naming the file and JSON path).
 * @throws InvalidParams for invalid options.
 *
 * @example
 * ```ts
 * const evaluation = await evaluateCoco("gt.json", "detections.json");
 * console.log(evaluation.stats["ap_0.5-0.95_all"]);
 * ```
 */
export async function evaluateCoco(
  groundTruth: string | CocoGroundTruthJson,
  results: string | readonly CocoDetectionJson[],
  options: CocoEvalOptions = {},
): Promise<CocoEvaluation> {
  const gt = await loadGroundTruth(groundTruth);
  const { params, onProgress } = await resolveCocoParams(options, gt);
  const dt = await loadDetections(results, gt);
  const cells = groupIntoCells(gt, dt, params);
  const collector =
    params.perImageIouThresholds.length > 0
      ? new PerImageCollector(params.imageIds.length, params.perImageIouThresholds)
      : undefined;
  const evaluation = evaluateCells(cells, gt, dt, params, collector, onProgress);
  const arrays = accumulate(cells, evaluation, dt, params);
  const T = params.iouThresholds.length;
  const R = params.recallThresholds.length;
  const K = params.categoryIds.length;
  const A = params.areaRanges.length;
  const M = params.maxDets.length;
  const evaluationResult: CocoEvaluation = {
    stats: summarizeStats(arrays, params),
    perCategory: perCategoryResults(arrays, params, gt, dt),
    precision: { data: arrays.precision, shape: [T, R, K, A, M] },
    recall: { data: arrays.recall, shape: [T, K, A, M] },
    scores: { data: arrays.scores, shape: [T, R, K, A, M] },
    params,
  };
  return collector === undefined
    ? evaluationResult
    : { ...evaluationResult, perImage: collector.results(params.imageIds, gt.fileNames) };
}
