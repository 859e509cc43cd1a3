import type { TaskArguments } from "./argv.js";
import type { EchoTarget } from "./line-echo.js";
import type { ProcessOutcome } from "./process-group.js";

/** One run of a task, as asked by `ExperimentSetup`. */
export interface TaskRunRequest {
  /** Experiment name. */
  readonly experimentName: string;
  /** Stable id of the grid cell (see `cellId`): the same on every execution of the grid. */
  readonly cellId: string;
  /** Tracking run created for this attempt. */
  readonly runId: string;
  /** The command-line contract values. */
  readonly args: TaskArguments;
  /** Folder receiving `stdout.txt` and `stderr.txt`. */
  readonly logDir: string;
  /** Extra environment variables for this run (per-worker and tracking variables). */
  readonly env: Readonly<Record<string, string>>;
  /** Aborting stops the task (SIGTERM, then SIGKILL after the grace period). */
  readonly signal?: AbortSignal;
  /** Aborting kills the task at once (SIGKILL to its whole process group), synchronously. */
  readonly killSignal?: AbortSignal;
  /** Live echo of the task's output, or none. */
  readonly echo?: EchoTarget;
  /** Put before every echoed line (used when runs execute in parallel). */
  readonly linePrefix?: string;
}

/** How a task run ended, with the paths of its saved output. */
export interface TaskRunOutcome extends ProcessOutcome {
  /** Path of the saved stdout. */
  readonly stdoutPath: string;
  /** Path of the saved stderr. */
  readonly stderrPath: string;
  /**
   * Why the task failed, when the task knows better than an exit code (e.g. a cloud job's
   * failure reason). Makes the run FAILED unless it was interrupted or timed out.
   */
  readonly failure?: {
    /** Short reason recorded as the `iqf.failure` tag, e.g. `job-failed`. */
    readonly reason: string;
    /** Human-readable detail recorded as `iqf.failure.detail`. */
    readonly detail: string;
  };
  /** Extra params to log on the run (e.g. where the task's data was uploaded). */
  readonly params?: Readonly<Record<string, string>>;
  /** Extra tags to set on the run (e.g. a cloud job's name, instance type and billable time). */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Runs the user's training or evaluation code for one grid cell. Implement it to run tasks
 * elsewhere (a cluster, a cloud job); `ScriptTaskExecution` runs a local process.
 */
export interface TaskExecution {
  /** Short description for logs, e.g. the command line. */
  readonly description: string;
  /** Checks that the task can run at all (e.g. the executable exists); throws a clear error if not. */
  check(): Promise<void>;
  /** Runs the task once. Must not throw for a failing task: the outcome says what happened. */
  run(request: TaskRunRequest): Promise<TaskRunOutcome>;
}
