import type { Run, RunStatus } from "@iqf/tracking";
import { RunTags } from "../tags.js";

/** One run of an experiment, flattened for reading. */
export interface RunEntry {
  /** Run id: the entry's stable key. */
  readonly runId: string;
  /** Run name (the modified train dataset's folder name for grid runs). */
  readonly name: string;
  /** Status. */
  readonly status: RunStatus;
  /** Grid-cell id, for runs created by `ExperimentSetup`. */
  readonly cellId?: string;
  /** Repetition index, for runs created by `ExperimentSetup`. */
  readonly repetition?: number;
  /** Params (text). */
  readonly params: Readonly<Record<string, string>>;
  /** Latest value of each metric (max step, then timestamp). */
  readonly metrics: Readonly<Record<string, number>>;
  /** Tags. */
  readonly tags: Readonly<Record<string, string>>;
  /** Root URI of the run's artifacts. */
  readonly artifactUri: string;
  /** Modified train dataset the run used (from its tags). */
  readonly datasetPath?: string;
  /** Start time, ms since the epoch. */
  readonly startTime: number;
  /** End time, ms since the epoch, when ended. */
  readonly endTime?: number;
}

/** Flattens a tracking run into a {@link RunEntry}. */
export function toRunEntry(run: Run): RunEntry {
  const tags = run.data.tags;
  const metrics = Object.fromEntries(
    Object.entries(run.data.metrics).map(([key, record]) => [key, record.value]),
  );
  const repetition = tags[RunTags.repetition];
  return {
    runId: run.info.runId,
    name: run.info.runName,
    status: run.info.status,
    ...(tags[RunTags.cell] !== undefined ? { cellId: tags[RunTags.cell] } : {}),
    ...(repetition !== undefined ? { repetition: Number(repetition) } : {}),
    params: run.data.params,
    metrics,
    tags,
    artifactUri: run.info.artifactUri,
    ...(tags[RunTags.trainDataset] !== undefined ? { datasetPath: tags[RunTags.trainDataset] } : {}),
    startTime: run.info.startTime,
    ...(run.info.endTime !== undefined ? { endTime: run.info.endTime } : {}),
  };
}
