/**
 * Tag keys iqf sets on every run of a grid. They record the run's coordinates so that a
 * re-execution can resume and tables can group runs without parsing names or params.
 */
export const RunTags = {
  /** Stable id of the grid cell (dataset × modifier chain × params × repetition). */
  cell: "iqf.cell",
  /** Repetition index, from 0. */
  repetition: "iqf.rep",
  /** Prefix of one tag per hyperparameter: `iqf.hp.<name>`. */
  hyperparameterPrefix: "iqf.hp.",
  /** Modifier chain name, e.g. `jpg10_modifier#blur1.0_modifier`. */
  modifier: "iqf.modifier",
  /** Base name of the reference train dataset. */
  referenceDataset: "iqf.dataset",
  /** Absolute path of the modified train dataset the run used. */
  trainDataset: "iqf.dataset.train",
  /** Absolute path of the modified validation dataset, when there is one. */
  valDataset: "iqf.dataset.val",
  /** Absolute path of the modified test dataset, when there is one. */
  testDataset: "iqf.dataset.test",
  /** `host:pid` of the process that runs (or ran) the task. */
  owner: "iqf.owner",
  /** Why a run did not finish: `exit-code`, `signal`, `timeout`, `interrupted`, `orphaned`, `no-output`, `bad-results`, `spawn-error`, `error`. */
  failure: "iqf.failure",
  /** Human-readable detail of the failure. */
  failureDetail: "iqf.failure.detail",
  /** The task's exit code. */
  exitCode: "iqf.exit_code",
  /** The signal that ended the task, when one did. */
  signal: "iqf.signal",
  /** Entries of the output folder that were not logged (FIFOs, sockets, links leaving the folder, …), one per line with the reason. */
  skippedOutputs: "iqf.skipped_outputs",
  /**
   * The task wrote into a dataset it was given (inputs are read-only to tasks): one line per
   * change, `<dataset>: added|changed|removed <file>`. A modified copy is rebuilt before later runs use it.
   */
  inputModified: "iqf.input_modified",
  /** Entries of `results.json` that could not be logged and were left out, one per line with the reason. */
  resultsDropped: "iqf.results_dropped",
  /** Wall-clock duration of the task process in milliseconds. */
  durationMs: "iqf.duration_ms",
  /** Prefix of one tag per metric that failed on the run: `iqf.metric_error.<metric>` = the error (empty once it succeeds). */
  metricErrorPrefix: "iqf.metric_error.",
  /** Prefix of one tag per metric that could not measure some images: `iqf.metric_failed_images.<metric>` = `file: error` lines. */
  metricFailedImagesPrefix: "iqf.metric_failed_images.",
} as const;
