import {
  COCO_STAT_NAMES,
  type CocoDetectionJson,
  type CocoEvalOptions,
  type CocoEvaluation,
  type CocoGroundTruthJson,
  evaluateCoco,
} from "@iqf/coco";
import { InvalidFile } from "@iqf/core";
import { describe, expect, it } from "vitest";

// Every case of fixtures/reference/cocoeval/behaviors.md, with pycocotools' printed stats.

type Box = [number, number, number, number];
interface GtSpec {
  image_id: number;
  category_id: number;
  bbox: Box;
  id?: number;
  iscrowd?: number;
  area?: number;
  ignore?: number;
}

/** Like behaviors.md's `make_gt`: ids 1.., iscrowd 0 and area w*h filled in when absent. */
function makeGt(
  annotations: GtSpec[],
  images = [
    { id: 1, width: 100, height: 100, file_name: "1.jpg" },
    { id: 2, width: 100, height: 100, file_name: "2.jpg" },
  ],
  categories = [
    { id: 1, name: "a" },
    { id: 2, name: "b" },
  ],
): CocoGroundTruthJson {
  return {
    images,
    categories,
    annotations: annotations.map((a, i) => ({
      id: i + 1,
      area: a.bbox[2] * a.bbox[3],
      ...a,
      iscrowd: a.iscrowd === 1 ? 1 : 0,
    })),
  };
}

const det = (image_id: number, category_id: number, bbox: Box, score: number): CocoDetectionJson => ({
  image_id,
  category_id,
  bbox,
  score,
});

async function stats(gt: CocoGroundTruthJson, dets: CocoDetectionJson[], options?: CocoEvalOptions) {
  const evaluation = await evaluateCoco(gt, dets, options);
  return COCO_STAT_NAMES.map((name) => evaluation.stats[name]);
}

const PERFECT = [
  0.9999999999999998, 0.9999999999999999, 0.9999999999999999, 0.9999999999999998, -1, -1, 1, 1, 1, 1, -1, -1,
];
const ALL_ONE = [1, 1, 1, 1, -1, -1, 1, 1, 1, 1, -1, -1];
const ALL_MINUS_ONE = Array(12).fill(-1);

/** recall[t, k, a, m] of an evaluation. */
function recallAt(e: CocoEvaluation, t: number, k: number, a: number, m: number): number {
  const [, K, A, M] = e.recall.shape as [number, number, number, number];
  return e.recall.data[((t * K + k) * A + a) * M + m] as number;
}

describe("1. empty detection list (pycocotools crashes; defined here as 'no detections')", () => {
  const gt = makeGt([{ image_id: 1, category_id: 1, bbox: [10, 10, 20, 20] }]);

  it("gives AP/AR 0 where there is ground truth and -1 elsewhere", async () => {
    const evaluation = await evaluateCoco(gt, []);
    expect(COCO_STAT_NAMES.map((n) => evaluation.stats[n])).toEqual([0, 0, 0, 0, -1, -1, 0, 0, 0, 0, -1, -1]);
    expect([recallAt(evaluation, 0, 0, 0, 2), recallAt(evaluation, 0, 1, 0, 2)]).toEqual([0, -1]);
  });
});

describe("2. detections on images not in the ground truth", () => {
  const gt = makeGt([{ image_id: 1, category_id: 1, bbox: [10, 10, 20, 20] }]);
  const good = det(1, 1, [10, 10, 20, 20], 0.9);

  it("rejects an unknown image id with an error naming the detection", async () => {
    const error = await evaluateCoco(gt, [good, det(999, 1, [10, 10, 20, 20], 0.8)]).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidFile);
    expect(error.message).toContain("[1].image_id 999 is not an image id of the ground truth");
  });

  it("rejects a string image id", async () => {
    const bad = { ...good, image_id: "1" } as unknown as CocoDetectionJson;
    await expect(evaluateCoco(gt, [good, bad])).rejects.toThrow("[1].image_id must be a number");
  });

  it("accepts 1.0 for 1 (JSON numbers)", async () => {
    expect(await stats(gt, [det(1.0, 1, [10, 10, 20, 20], 0.9)])).toEqual(PERFECT);
  });
});

describe("3. categories in detections but not in the ground truth", () => {
  const gt = makeGt([
    { image_id: 1, category_id: 1, bbox: [10, 10, 20, 20] },
    { image_id: 2, category_id: 1, bbox: [50, 50, 30, 30] },
  ]);
  const tp = [det(1, 1, [10, 10, 20, 20], 0.9), det(2, 1, [50, 50, 30, 30], 0.3)];

  it("baseline", async () => {
    expect(await stats(gt, tp)).toEqual(ALL_ONE);
  });

  it("(a) a category absent from `categories` is ignored", async () => {
    const extra = Array(3).fill(det(1, 7, [0, 0, 5, 5], 0.99));
    const evaluation = await evaluateCoco(gt, [...tp, ...extra]);
    expect(COCO_STAT_NAMES.map((n) => evaluation.stats[n])).toEqual(ALL_ONE);
    expect(evaluation.params.categoryIds).toEqual([1, 2]);
  });

  it("(b) a listed category without ground truth stays -1 and its false positives cost nothing", async () => {
    const evaluation = await evaluateCoco(gt, [...tp, ...Array(3).fill(det(1, 2, [0, 0, 5, 5], 0.99))]);
    expect(COCO_STAT_NAMES.map((n) => evaluation.stats[n])).toEqual(ALL_ONE);
    const [T, R, K, A, M] = evaluation.precision.shape as number[] as [
      number,
      number,
      number,
      number,
      number,
    ];
    expect(T * R * K * A * M).toBe(evaluation.precision.data.length);
    for (let r = 0; r < R; r++) expect(evaluation.precision.data[((0 * R + r) * K + 1) * A * M + 2]).toBe(-1);
  });

  it("(c) a detection on an image without that category's object is a false positive", async () => {
    expect(await stats(gt, [...tp, det(2, 1, [0, 0, 10, 10], 0.5)])).toEqual([
      0.8349834983498348, 0.834983498349835, 0.834983498349835, 0.8349834983498348, -1, -1, 0.5, 1, 1, 1, -1,
      -1,
    ]);
  });
});

describe("4. iscrowd ground truth", () => {
  const big: Box = [0, 0, 100, 50];
  const dets = [
    det(1, 1, [10, 60, 20, 20], 0.5),
    det(1, 1, [5, 5, 10, 10], 0.9),
    det(1, 1, [50, 10, 30, 30], 0.8),
    det(1, 1, [90, 40, 20, 20], 0.7),
  ];
  const crowdGt = makeGt([
    { image_id: 1, category_id: 1, bbox: [10, 60, 20, 20] },
    { image_id: 1, category_id: 1, bbox: big, iscrowd: 1 },
  ]);

  it("a crowd region absorbs detections, which count neither as TP nor FP", async () => {
    expect(await stats(crowdGt, dets)).toEqual([0.5, 0.5, 0.5, 0.5, -1, -1, 0, 1, 1, 1, -1, -1]);
  });

  it("matches as pycocotools' evalImgs at IoU .5: two absorbed, one FP (IoU .25), one TP", async () => {
    const evaluation = await evaluateCoco(crowdGt, dets, { perImage: { iouThresholds: [0.5] } });
    const outcome = evaluation.perImage?.[0]?.outcomes[0];
    expect(outcome?.ignoredDetections).toBe(2);
    expect(outcome?.falseDetections.map((d) => d.detectionIndex)).toEqual([3]);
    expect(outcome?.matches).toEqual([
      { detectionIndex: 0, groundTruthId: 1, categoryId: 1, score: 0.5, iou: 1 },
    ]);
    expect(outcome?.misses).toEqual([]);
  });

  it("the same boxes without the crowd flag", async () => {
    const gt = makeGt([
      { image_id: 1, category_id: 1, bbox: [10, 60, 20, 20] },
      { image_id: 1, category_id: 1, bbox: big, iscrowd: 0 },
    ]);
    expect(await stats(gt, dets)).toEqual([
      0.12623762376237624, 0.12623762376237624, 0.12623762376237624, 0.25, 0, -1, 0, 0.5, 0.5, 1, 0, -1,
    ]);
  });

  it("only a crowd region in the whole set gives -1 everywhere", async () => {
    expect(await stats(makeGt([{ image_id: 1, category_id: 1, bbox: big, iscrowd: 1 }]), dets)).toEqual(
      ALL_MINUS_ONE,
    );
  });

  it('"ignore": 1 without iscrowd is not honoured', async () => {
    const gt = makeGt([{ image_id: 1, category_id: 1, bbox: [10, 60, 20, 20], ignore: 1 }]);
    expect(await stats(gt, [det(1, 1, [10, 60, 20, 20], 0.5)])).toEqual(PERFECT);
  });
});

describe("5. zero-area boxes", () => {
  const gt = makeGt([{ image_id: 1, category_id: 1, bbox: [10, 10, 20, 20] }]);
  const tp = [det(1, 1, [10, 10, 20, 20], 0.5)];
  const halfAp = [0.5, 0.5, 0.5, 0.5, -1, -1, 0, 1, 1, 1, -1, -1];

  it("baseline", async () => {
    expect(await stats(gt, tp)).toEqual(PERFECT);
  });

  it("a zero-width detection is a false positive", async () => {
    expect(await stats(gt, [...tp, det(1, 1, [10, 10, 0, 20], 0.9)])).toEqual(halfAp);
  });

  it("a zero-size detection is a false positive", async () => {
    expect(await stats(gt, [...tp, det(1, 1, [10, 10, 0, 0], 0.9)])).toEqual(halfAp);
  });

  it("a negative-width detection has a negative area: ignored, but it takes a maxDets slot", async () => {
    expect(await stats(gt, [...tp, det(1, 1, [40, 10, -20, 20], 0.9)])).toEqual([
      0.9999999999999998, 0.9999999999999999, 0.9999999999999999, 0.9999999999999998, -1, -1, 0, 1, 1, 1, -1,
      -1,
    ]);
  });

  it("a zero-width ground truth can never be matched (area field 0 or 400)", async () => {
    for (const area of [0, 400]) {
      const zeroGt = makeGt([{ image_id: 1, category_id: 1, bbox: [10, 10, 0, 20], area }]);
      expect(await stats(zeroGt, [det(1, 1, [10, 10, 0, 20], 0.9)])).toEqual([
        0, 0, 0, 0, -1, -1, 0, 0, 0, 0, -1, -1,
      ]);
    }
  });
});

describe("6. IoU thresholds and ties between ground truths", () => {
  it("builds the thresholds as numpy's linspace", async () => {
    const evaluation = await evaluateCoco(makeGt([]), []);
    expect([...evaluation.params.iouThresholds]).toEqual([
      0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.8999999999999999, 0.95,
    ]);
    const recall = [...evaluation.params.recallThresholds];
    expect(recall).toHaveLength(101);
    expect([35, 41, 47, 57, 69, 70, 82, 83, 94, 95].map((i) => recall[i])).toEqual([
      0.35000000000000003, 0.41000000000000003, 0.47000000000000003, 0.5700000000000001, 0.6900000000000001,
      0.7000000000000001, 0.8200000000000001, 0.8300000000000001, 0.9400000000000001, 0.9500000000000001,
    ]);
  });

  it("IoU exactly 0.5 matches at threshold .5 only", async () => {
    const gt = makeGt([{ image_id: 1, category_id: 1, bbox: [0, 0, 10, 10] }]);
    const evaluation = await evaluateCoco(gt, [det(1, 1, [0, 0, 10, 5], 0.9)]);
    expect(COCO_STAT_NAMES.map((n) => evaluation.stats[n])).toEqual([
      0.09999999999999999, 0.9999999999999999, 0, 0.09999999999999999, -1, -1, 0.1, 0.1, 0.1, 0.1, -1, -1,
    ]);
    expect(Array.from({ length: 10 }, (_, t) => recallAt(evaluation, t, 0, 0, 2))).toEqual([
      1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ]);
  });

  it("on equal IoU the later ground truth wins", async () => {
    const gt = makeGt([
      { image_id: 1, category_id: 1, bbox: [0, 0, 10, 10] },
      { image_id: 1, category_id: 1, bbox: [5, 0, 10, 10] },
    ]);
    const dets = [det(1, 1, [2.5, 0, 10, 10], 0.9), det(1, 1, [0, 0, 10, 10], 0.8)];
    const evaluation = await evaluateCoco(gt, dets, { perImage: { iouThresholds: [0.5] } });
    expect(COCO_STAT_NAMES.map((n) => evaluation.stats[n])).toEqual([
      0.4767326732673267, 1, 0.2524752475247525, 0.4767326732673267, -1, -1, 0.15, 0.65, 0.65, 0.65, -1, -1,
    ]);
    const matches = evaluation.perImage?.[0]?.outcomes[0]?.matches.map((m) => [
      m.detectionIndex,
      m.groundTruthId,
    ]);
    expect(matches).toEqual([
      [0, 2],
      [1, 1],
    ]);
  });
});

describe("7. score ties: stable ordering", () => {
  const gt = makeGt([
    { image_id: 1, category_id: 1, bbox: [0, 0, 10, 10] },
    { image_id: 2, category_id: 1, bbox: [0, 0, 10, 10] },
  ]);
  const tp1 = det(1, 1, [0, 0, 10, 10], 0.5);
  const fp1 = det(1, 1, [50, 50, 10, 10], 0.5);
  const tp2 = det(2, 1, [0, 0, 10, 10], 0.5);
  const fp2 = det(2, 1, [50, 50, 10, 10], 0.5);

  it("same image, TP listed first", async () => {
    expect(await stats(gt, [tp1, fp1, tp2, fp2])).toEqual([
      0.8349834983498348, 0.834983498349835, 0.834983498349835, 0.8349834983498348, -1, -1, 1, 1, 1, 1, -1,
      -1,
    ]);
  });

  it("same image, FP listed first", async () => {
    expect(await stats(gt, [fp1, tp1, fp2, tp2])).toEqual([0.5, 0.5, 0.5, 0.5, -1, -1, 0, 1, 1, 1, -1, -1]);
  });

  it("across images the listing order does not matter, the image id order does", async () => {
    const gt2 = makeGt([{ image_id: 2, category_id: 1, bbox: [0, 0, 10, 10] }]);
    const expected = [0.5, 0.5, 0.5, 0.5, -1, -1, 1, 1, 1, 1, -1, -1];
    expect(await stats(gt2, [fp1, tp2])).toEqual(expected);
    expect(await stats(gt2, [tp2, fp1])).toEqual(expected);
    const gt1 = makeGt([{ image_id: 1, category_id: 1, bbox: [0, 0, 10, 10] }]);
    expect(await stats(gt1, [fp2, tp1])).toEqual(PERFECT);
  });
});

describe("8. maxDets is per image and category", () => {
  const gt = makeGt([
    { image_id: 1, category_id: 1, bbox: [0, 0, 10, 10] },
    { image_id: 1, category_id: 2, bbox: [50, 50, 10, 10] },
  ]);
  const dets = [det(1, 1, [0, 0, 10, 10], 0.9), det(1, 2, [50, 50, 10, 10], 0.8)];

  it("one TP per category gives AR@1 = 1 with 2 detections in the image", async () => {
    expect(await stats(gt, dets)).toEqual(PERFECT);
  });

  it("100 higher-scoring false positives push the TP out of the top 100", async () => {
    const fps = Array.from({ length: 100 }, (_, i) => det(1, 1, [20, 20 + i * 0.1, 5, 5], 0.95));
    expect(await stats(gt, [...dets, ...fps])).toEqual([
      0.4999999999999999, 0.49999999999999994, 0.49999999999999994, 0.4999999999999999, -1, -1, 0.5, 0.5, 0.5,
      0.5, -1, -1,
    ]);
  });
});

describe("9. area ranges: inclusive, GT `area` field, detection w*h", () => {
  it("uses pycocotools' default ranges and limits", async () => {
    const { params } = await evaluateCoco(makeGt([]), []);
    expect(params.areaRanges).toEqual([
      { label: "all", range: [0, 1e10] },
      { label: "small", range: [0, 1024] },
      { label: "medium", range: [1024, 9216] },
      { label: "large", range: [9216, 1e10] },
    ]);
    expect(params.maxDets).toEqual([1, 10, 100]);
  });

  it("a GT of area exactly 1024 is both small and medium", async () => {
    const gt = makeGt([{ image_id: 1, category_id: 1, bbox: [0, 0, 32, 32], area: 1024 }]);
    expect(await stats(gt, [det(1, 1, [0, 0, 32, 32], 0.9)])).toEqual([
      0.9999999999999998, 0.9999999999999999, 0.9999999999999999, 0.9999999999999998, 0.9999999999999998, -1,
      1, 1, 1, 1, 1, -1,
    ]);
  });

  it("the GT area field decides, not its box; a results `area` is overwritten by w*h", async () => {
    const gt = makeGt([{ image_id: 1, category_id: 1, bbox: [0, 0, 40, 40], area: 500 }]);
    const withArea = { ...det(1, 1, [0, 0, 40, 40], 0.9), area: 1 };
    expect(await stats(gt, [withArea])).toEqual(PERFECT);
  });
});

describe("10. other pycocotools behaviours", () => {
  it("a GT annotation with id 0 is never counted as matched", async () => {
    const dets = [det(1, 1, [0, 0, 10, 10], 0.9)];
    const gtZero = makeGt([{ image_id: 1, category_id: 1, bbox: [0, 0, 10, 10], id: 0 }]);
    expect(await stats(gtZero, dets)).toEqual([0, 0, 0, 0, -1, -1, 0, 0, 0, 0, -1, -1]);
    const gtFive = makeGt([{ image_id: 1, category_id: 1, bbox: [0, 0, 10, 10], id: 5 }]);
    expect(await stats(gtFive, dets)).toEqual(PERFECT);
  });

  it("ignores a results file's id, area and iscrowd", async () => {
    const gt = makeGt([{ image_id: 1, category_id: 1, bbox: [0, 0, 10, 10] }]);
    const rewritten = { ...det(1, 1, [0, 0, 10, 10], 0.9), id: 77, area: 5, iscrowd: 1 };
    expect(await stats(gt, [rewritten])).toEqual(PERFECT);
  });

  it("uses tp / (tp + fp + spacing(1)) for precision", async () => {
    const gt = makeGt([{ image_id: 1, category_id: 1, bbox: [0, 0, 10, 10] }]);
    const evaluation = await evaluateCoco(gt, [det(1, 1, [0, 0, 10, 10], 0.9)]);
    expect(evaluation.precision.data[2]).toBe(0.9999999999999998);
  });

  it("reports the inputs pycocotools fails on with a KeyError as InvalidFile naming the field", async () => {
    const gt = makeGt([{ image_id: 1, category_id: 1, bbox: [0, 0, 10, 10] }]);
    const cases: [unknown[], string][] = [
      [[{ image_id: 1, category_id: 1, score: 0.9 }], "[0].bbox is required"],
      [[{ image_id: 1, category_id: 1, bbox: [], score: 0.9 }], "[0].bbox must be 4 numbers"],
      [[det(1, 1, [0, 0, 10, 10], 0.9), { image_id: 1, category_id: 1, score: 0.8 }], "[1].bbox is required"],
      [[{ image_id: 1, category_id: 1, bbox: [0, 0, 10, 10] }], "[0].score is required"],
    ];
    for (const [dets, message] of cases) {
      const error = await evaluateCoco(gt, dets as CocoDetectionJson[]).catch((e) => e);
      expect(error).toBeInstanceOf(InvalidFile);
      expect(error.message).toContain(message);
    }
  });

  it("requires GT iscrowd and area (pycocotools: KeyError)", async () => {
    for (const field of ["iscrowd", "area"] as const) {
      const gt = makeGt([{ image_id: 1, category_id: 1, bbox: [0, 0, 10, 10] }]);
      delete (gt.annotations[0] as Record<string, unknown>)[field];
      await expect(evaluateCoco(gt, [det(1, 1, [0, 0, 10, 10], 0.9)])).rejects.toThrow(
        `annotations[0].${field} is required`,
      );
    }
  });

  it("ground truth with images but no annotations gives -1 everywhere", async () => {
    expect(await stats(makeGt([]), [det(1, 1, [0, 0, 10, 10], 0.9)])).toEqual(ALL_MINUS_ONE);
  });
});
