/** Inputs a metric may use when computed for one run (see `applyMetricPerRun`). */
export interface MetricContext {
  /** The run's predictions file (`output.json`), when the run produced one. */
  readonly predictionsPath?: string;
  /** Ground-truth file given by the caller (e.g. COCO annotations). */
  readonly groundTruthPath?: string;
  /** Root folder of the (modified) dataset the run trained on; image metrics measure its images. */
  readonly datasetPath?: string;
  /** Root folder of the (modified) validation dataset of the run, when it had one. */
  readonly valDatasetPath?: string;
  /** Root folder of the (modified) test dataset of the run, when it had one. */
  readonly testDatasetPath?: string;
  /** Local folder holding the run's output files (its downloaded artifacts). */
  readonly outputDir?: string;
  /** Aborted when the caller cancels. */
  readonly signal?: AbortSignal;
  /**
   * Called by metrics that work image by image for each image they could not measure; the
   * image is left out of the values and the caller records the failure (named) on the run.
   */
  readonly onImageFailure?: (failure: ImageFailure) => void;
}

/** An image a metric or modifier could not process, and why. */
export interface ImageFailure {
  /** The image (path relative to the run's output folder or dataset, when there is one). */
  readonly file: string;
  /** What went wrong. */
  readonly error: string;
}

/** Named numeric results of a metric, e.g. `{ "ap_0.5_all": 0.71 }`. */
export type MetricValues = Readonly<Record<string, number>>;

/**
 * A metric computed from a run's outputs or dataset. Implement this interface to plug a
 * custom metric into `ExperimentInfo.applyMetricPerRun`.
 */
export interface Metric {
  /** Short name of the metric, e.g. `bbdetection`. */
  readonly name: string;
  /** Computes the metric values for one run. */
  compute(context: MetricContext): Promise<MetricValues>;
}
