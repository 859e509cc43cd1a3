import type { TaskArguments } from "./argv.js";
import type { EchoTarget } from "./line-echo.js";
import type { ProcessOutcome } from "./process-group.js";

/** One run of a task, as asked by `ExperimentSetup`. */
export interface TaskRunRequest {
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
