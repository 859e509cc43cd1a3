/** A detection matched to a ground-truth object (a true positive). */
export interface CocoMatch {
  /** 0-based position of the detection in the results list. */
  readonly detectionIndex: number;
  /** `id` of the matched ground-truth annotation. */
  readonly groundTruthId: number;
  /** Category of the detection. */
  readonly categoryId: number;
  /** Detection score. */
  readonly score: number;
  /** IoU between the detection and the matched object. */
  readonly iou: number;
}

/** A detection that matched nothing it may count against (a false positive). */
export interface CocoFalseDetection {
  /** 0-based position of the detection in the results list. */
  readonly detectionIndex: number;
  /** Category of the detection. */
  readonly categoryId: number;
  /** Detection score. */
  readonly score: number;
}

/** A ground-truth object no detection matched (a false negative). */
export interface CocoMiss {
  /** `id` of the ground-truth annotation. */
  readonly groundTruthId: number;
  /** Its category. */
  readonly categoryId: number;
}

/** True positives, false positives and misses of one image at one IoU threshold. */
export interface CocoImageOutcome {
  /** The IoU threshold of this outcome. */
  readonly iouThreshold: number;
  /** Number of true positives (`matches.length`). */
  readonly truePositives: number;
  /** Number of false positives (`falseDetections.length`). */
  readonly falsePositives: number;
  /** Number of missed objects (`misses.length`). */
  readonly falseNegatives: number;
  /** Detections that matched crowd regions or objects outside the area range: neither TP nor FP. */
  readonly ignoredDetections: number;
  /** The true positives with their matched object. */
  readonly matches: readonly CocoMatch[];
  /** The false positives. */
  readonly falseDetections: readonly CocoFalseDetection[];
  /** The objects no detection found. */
  readonly misses: readonly CocoMiss[];
}

/**
 * Error analysis of one image: its outcome at each requested IoU threshold, counted exactly as
 * the COCO evaluation counts them (area range `all`, the largest maxDets per image and category,
 * crowd regions and out-of-range objects ignored).
 */
export interface CocoImageResult {
  /** The image id. */
  readonly imageId: number;
  /** The image's `file_name` in the ground truth, when it has one. */
  readonly fileName?: string;
  /** One outcome per requested IoU threshold, in the requested order. */
  readonly outcomes: readonly CocoImageOutcome[];
}

interface MutableOutcome {
  iouThreshold: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  ignoredDetections: number;
  matches: CocoMatch[];
  falseDetections: CocoFalseDetection[];
  misses: CocoMiss[];
}

/** Collects per-image outcomes while the evaluation walks its (category, image) cells. */
export class PerImageCollector {
  /** Outcome lists, `[image index][threshold index]`. */
  private readonly outcomes: MutableOutcome[][];

  /**
   * @param imageCount - number of evaluated images.
   * @param thresholds - the IoU thresholds to report.
   */
  constructor(
    imageCount: number,
    readonly thresholds: readonly number[],
  ) {
    this.outcomes = Array.from({ length: imageCount }, () =>
      thresholds.map((iouThreshold) => ({
        iouThreshold,
        truePositives: 0,
        falsePositives: 0,
        falseNegatives: 0,
        ignoredDetections: 0,
        matches: [],
        falseDetections: [],
        misses: [],
      })),
    );
  }

  /** Records a true positive. */
  addMatch(image: number, threshold: number, match: CocoMatch): void {
    const outcome = this.at(image, threshold);
    outcome.matches.push(match);
    outcome.truePositives++;
  }

  /** Records a false positive. */
  addFalseDetection(image: number, threshold: number, detection: CocoFalseDetection): void {
    const outcome = this.at(image, threshold);
    outcome.falseDetections.push(detection);
    outcome.falsePositives++;
  }

  /** Records an ignored detection. */
  addIgnored(image: number, threshold: number): void {
    this.at(image, threshold).ignoredDetections++;
  }

  /** Records a missed object. */
  addMiss(image: number, threshold: number, miss: CocoMiss): void {
    const outcome = this.at(image, threshold);
    outcome.misses.push(miss);
    outcome.falseNegatives++;
  }

  /** The collected results, one per image in the evaluated image order. */
  results(imageIds: readonly number[], fileNames: ReadonlyMap<number, string>): CocoImageResult[] {
    return imageIds.map((imageId, i) => {
      const fileName = fileNames.get(imageId);
      const outcomes = this.outcomes[i] as MutableOutcome[];
      return fileName === undefined ? { imageId, outcomes } : { imageId, fileName, outcomes };
    });
  }

  private at(image: number, threshold: number): MutableOutcome {
    return (this.outcomes[image] as MutableOutcome[])[threshold] as MutableOutcome;
  }
}
