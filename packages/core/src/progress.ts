/** One progress report of a long operation. */
export interface ProgressEvent {
  /** Units of work finished so far (including failed ones). */
  readonly done: number;
  /** Total units of work, when known. */
  readonly total: number;
  /** What was just finished, e.g. an image's relative path or a run name. */
  readonly item?: string;
  /** Short label of the operation, e.g. `jpg85_modifier`. */
  readonly label?: string;
}

/** Callback receiving progress of long operations; must be cheap and must not throw. */
export type ProgressCallback = (event: ProgressEvent) => void;
