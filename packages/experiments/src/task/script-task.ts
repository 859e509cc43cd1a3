import { stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { InvalidParams, zodProblems } from "@iqf/core";
import { z } from "zod";
import { buildTaskArgv } from "./argv.js";
import { resolveCommand } from "./find-command.js";
import { runProcessGroup } from "./process-group.js";
import type { TaskExecution, TaskRunOutcome, TaskRunRequest } from "./task-execution.js";

const scriptTaskSchema = z.object({
  command: z.array(z.string().min(1)).min(1, "give at least the executable, e.g. [python3, train.py]"),
  cwd: z.string().min(1).optional(),
  env: z.record(z.string(), z.string()).optional(),
  timeoutSeconds: z.number().positive().optional(),
  killGraceSeconds: z.number().nonnegative().optional(),
});

/** Options of {@link ScriptTaskExecution}. */
export interface ScriptTaskOptions {
  /** Executable and its fixed leading arguments, e.g. `["python3", "train.py"]` or `["node", "task.mjs"]`. */
  readonly command: readonly string[];
  /** Working directory of the task (and base of a relative executable); the current one by default. */
  readonly cwd?: string;
  /** Environment variables added for every run. */
  readonly env?: Readonly<Record<string, string>>;
  /** A run still going after this many seconds is stopped and marked FAILED (`timeout`). */
  readonly timeoutSeconds?: number;
  /** Seconds between SIGTERM and SIGKILL when stopping a task (default 3). */
  readonly killGraceSeconds?: number;
}

/**
 * Runs the user's command once per grid cell as a local process, with the seed's argument
 * contract appended (`--trainds … --outputpath … --<param> <value> …`). The command is spawned
 * from an argv array (never through a shell) in its own process group; its output is streamed
 * and saved; timeouts and Ctrl-C stop the whole group.
 */
export class ScriptTaskExecution implements TaskExecution {
  /** The validated options. */
  readonly options: Readonly<ScriptTaskOptions>;
  /** Resolved working directory. */
  readonly cwd: string;

  /** @param options - the command and how to run it. */
  constructor(options: ScriptTaskOptions) {
    const parsed = scriptTaskSchema.safeParse(options);
    if (!parsed.success) throw new InvalidParams("ScriptTaskExecution", zodProblems(parsed.error.issues));
    this.options = parsed.data;
    this.cwd = resolve(parsed.data.cwd ?? process.cwd());
  }

  /** The command line without the per-run arguments. */
  get description(): string {
    return this.options.command.join(" ");
  }

  /** Checks that the executable can be found. */
  async check(): Promise<void> {
    await resolveCommand(this.options.command[0]!, this.cwd, { ...process.env, ...this.options.env });
  }

  /** Runs the command once; see {@link TaskExecution.run}. */
  async run(request: TaskRunRequest): Promise<TaskRunOutcome> {
    const [file, ...fixedArgs] = this.options.command;
    const stdoutPath = join(request.logDir, "stdout.txt");
    const stderrPath = join(request.logDir, "stderr.txt");
    const outcome = await runProcessGroup(file!, [...fixedArgs, ...buildTaskArgv(request.args)], {
      cwd: this.cwd,
      env: { ...this.options.env, ...request.env },
      ...(this.options.timeoutSeconds !== undefined ? { timeoutMs: this.options.timeoutSeconds * 1000 } : {}),
      killGraceMs: (this.options.killGraceSeconds ?? 3) * 1000,
      ...(request.signal ? { signal: request.signal } : {}),
      ...(request.killSignal ? { killSignal: request.killSignal } : {}),
      stdoutFile: stdoutPath,
      stderrFile: stderrPath,
      ...(request.echo ? { echo: request.echo } : {}),
      ...(request.linePrefix !== undefined ? { linePrefix: request.linePrefix } : {}),
    });
    return { ...outcome, stdoutPath, stderrPath };
  }
}

/** Options of {@link PythonScriptTaskExecution}. */
export interface PythonScriptTaskOptions extends Omit<ScriptTaskOptions, "command"> {
  /** Path of the Python script (relative to `cwd`). */
  readonly script: string;
  /** Interpreter to use; `python3` from PATH by default. */
  readonly python?: string;
  /** Fixed arguments placed after the script path, before the contract's arguments. */
  readonly args?: readonly string[];
}

/**
 * iquaflow's `PythonScriptTaskExecution`: runs `python3 <script> --trainds … --outputpath …`.
 * Fails early when the script does not exist.
 */
export class PythonScriptTaskExecution extends ScriptTaskExecution {
  /** Absolute path of the script. */
  readonly scriptPath: string;

  /** @param options - the script, the interpreter and how to run them. */
  constructor(options: PythonScriptTaskOptions) {
    const { script, python, args, ...rest } = options;
    super({ ...rest, command: [python ?? "python3", script, ...(args ?? [])] });
    this.scriptPath = resolve(this.cwd, script);
  }

  /** Checks the interpreter and that the script is an existing file. */
  override async check(): Promise<void> {
    await super.check();
    const info = await stat(this.scriptPath).catch(() => undefined);
    if (!info?.isFile()) {
      throw new InvalidParams("PythonScriptTaskExecution", [
        `script: ${this.scriptPath} does not exist or is not a file; check the path (relative paths start at ${this.cwd})`,
      ]);
    }
  }
}
