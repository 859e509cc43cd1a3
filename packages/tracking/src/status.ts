import type { RunStatus } from "./types.js";

/** MLflow's integer codes of run statuses, as stored in a file store's run `meta.yaml`. */
const statusCodes: Readonly<Record<RunStatus, number>> = {
  RUNNING: 1,
  SCHEDULED: 2,
  FINISHED: 3,
  FAILED: 4,
  KILLED: 5,
};

const statusWords: readonly RunStatus[] = ["RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"];

/** Every run status word, in MLflow's code order. */
export const runStatuses: readonly RunStatus[] = statusWords;

/** Integer code of a status word (`FINISHED` → 3). */
export function statusToCode(status: RunStatus): number {
  return statusCodes[status];
}

/** Status word of an integer code (3 → `FINISHED`), or `undefined` for an unknown code. */
export function codeToStatus(code: number): RunStatus | undefined {
  return Number.isInteger(code) && code >= 1 && code <= 5 ? statusWords[code - 1] : undefined;
}

/** Whether a string is one of MLflow's status words. */
export function isRunStatus(value: unknown): value is RunStatus {
  return typeof value === "string" && (statusWords as readonly string[]).includes(value);
}
