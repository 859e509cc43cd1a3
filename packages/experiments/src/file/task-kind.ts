import type { TaskExecution } from "../task/task-execution.js";

/** What a {@link TaskKind} receives to build its task from an experiment file. */
export interface TaskKindInput {
  /** Absolute path of the experiment file (for error messages). */
  readonly file: string;
  /** Folder of the experiment file: relative paths in the section start here. */
  readonly baseDir: string;
  /** The raw, unvalidated value of `task.<key>`. */
  readonly section: unknown;
  /** The raw values of the top-level keys the kind declared in `fileKeys`. */
  readonly fileSections: Readonly<Record<string, unknown>>;
  /** `task.timeoutSeconds`, when the file sets it. */
  readonly timeoutSeconds?: number;
  /** Experiment name (from the file). */
  readonly experimentName: string;
}

/**
 * A kind of task an experiment file can select with a key under `task:` instead of `command`,
 * e.g. `task: { sagemaker: { … } }`. Packages that run tasks elsewhere (`@iqf/sagemaker`)
 * provide one; the `iqf` CLI registers them, and API users pass them to `loadExperimentFile`.
 * This keeps `@iqf/experiments` free of imports from those packages.
 */
export interface TaskKind {
  /** Key under `task:` that selects this kind, e.g. `sagemaker`. */
  readonly key: string;
  /** Top-level keys of the experiment file this kind reads besides its own section, e.g. `cloud`. */
  readonly fileKeys?: readonly string[];
  /**
   * Validates the section and builds the task. Throws `InvalidFile` naming the field
   * (`task.sagemaker.role: …`) when the section is wrong.
   */
  create(input: TaskKindInput): TaskExecution | Promise<TaskExecution>;
}

/** Keys of `task:` that configure a local command. */
const commandKeys = new Set(["command", "cwd", "env"]);

/**
 * Checks that a `task:` section selects exactly one way to run: `command`, or one registered
 * kind's key (which excludes `cwd` and `env`). Returns the problem, or `undefined`.
 */
export function taskKindProblem(
  task: Record<string, unknown>,
  kinds: readonly TaskKind[],
): string | undefined {
  const used = kinds.filter((kind) => task[kind.key] !== undefined).map((kind) => kind.key);
  if (used.length > 1) return `use one kind of task, not ${used.join(" and ")}`;
  if (used.length === 0) {
    if (task.command === undefined) {
      return "give command (the executable and its arguments, e.g. [python3, train.py])";
    }
    return undefined;
  }
  const clashing = Object.keys(task).filter((key) => commandKeys.has(key) && task[key] !== undefined);
  if (clashing.length > 0) {
    return `${clashing.join(", ")} cannot be combined with ${used[0]}; remove ${clashing.length > 1 ? "them" : "it"}`;
  }
  return undefined;
}
