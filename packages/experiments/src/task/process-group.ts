import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import { execa } from "execa";
import { type EchoTarget, LineEcho } from "./line-echo.js";

/** How one task process ended. */
export interface ProcessOutcome {
  /** Exit code, when the process exited on its own. */
  readonly exitCode?: number;
  /** The signal that ended it, when one did. */
  readonly signal?: string;
  /** Ended because it ran past its timeout. */
  readonly timedOut: boolean;
  /** Ended because the caller aborted (Ctrl-C). */
  readonly interrupted: boolean;
  /** Set when the process could not be started at all. */
  readonly spawnError?: string;
  /** Wall-clock duration in milliseconds. */
  readonly durationMs: number;
}

/** Options of {@link runProcessGroup}. */
export interface ProcessGroupOptions {
  /** Working directory. */
  readonly cwd: string;
  /** Extra environment variables (added to the parent's unless `inheritEnv` is false). */
  readonly env: Readonly<Record<string, string>>;
  /** Start from the parent's environment (default true); false gives the task `env` alone. */
  readonly inheritEnv?: boolean;
  /** Kill the process group after this many milliseconds. */
  readonly timeoutMs?: number;
  /** Grace period between SIGTERM and SIGKILL. */
  readonly killGraceMs: number;
  /** Aborting stops the process group (SIGTERM, then SIGKILL after the grace period). */
  readonly signal?: AbortSignal;
  /** Aborting sends SIGKILL to the process group at once (inside the abort call). */
  readonly killSignal?: AbortSignal;
  /** Files receiving the full stdout and stderr. */
  readonly stdoutFile: string;
  /** File receiving the full stderr. */
  readonly stderrFile: string;
  /** Live echo of the output, or none. */
  readonly echo?: EchoTarget;
  /** Put before every echoed line. */
  readonly linePrefix?: string;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}

async function closeStream(stream: WriteStream): Promise<void> {
  stream.end();
  if (!stream.closed) await once(stream, "close");
}

/**
 * Runs an executable with an argv array (never a shell) in its own process group, streams its
 * output to files and optionally to the console, and enforces a timeout and cancellation by
 * signalling the whole group (SIGTERM, then SIGKILL after the grace period), so that
 * grandchildren die too. Never throws for a failing process: the outcome says what happened.
 */
export async function runProcessGroup(
  file: string,
  args: readonly string[],
  options: ProcessGroupOptions,
): Promise<ProcessOutcome> {
  const started = performance.now();
  const stdoutFile = createWriteStream(options.stdoutFile);
  const stderrFile = createWriteStream(options.stderrFile);
  const stdoutEcho = options.echo ? new LineEcho(options.echo.stdout, options.linePrefix) : undefined;
  const stderrEcho = options.echo ? new LineEcho(options.echo.stderr, options.linePrefix) : undefined;
  let timedOut = false;
  let interrupted = false;
  const timers: NodeJS.Timeout[] = [];

  const subprocess = execa(file, args, {
    cwd: options.cwd,
    env: options.env,
    extendEnv: options.inheritEnv ?? true,
    detached: true,
    cleanup: false,
    stdin: "ignore",
    buffer: false,
    reject: false,
    windowsHide: true,
  });
  const pid = subprocess.pid;
  const stop = (): void => {
    if (pid === undefined) return;
    signalGroup(pid, "SIGTERM");
    const escalation = setTimeout(() => signalGroup(pid, "SIGKILL"), options.killGraceMs);
    escalation.unref();
    timers.push(escalation);
  };
  const onAbort = (): void => {
    if (timedOut || interrupted) return;
    interrupted = true;
    stop();
  };
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const onKill = (): void => {
    interrupted ||= !timedOut;
    if (pid !== undefined) signalGroup(pid, "SIGKILL");
  };
  if (options.killSignal?.aborted) onKill();
  options.killSignal?.addEventListener("abort", onKill, { once: true });
  if (options.timeoutMs !== undefined) {
    timers.push(
      setTimeout(() => {
        if (interrupted) return;
        timedOut = true;
        stop();
      }, options.timeoutMs),
    );
  }
  subprocess.stdout?.on("data", (chunk: Buffer) => {
    stdoutFile.write(chunk);
    stdoutEcho?.write(chunk);
  });
  subprocess.stderr?.on("data", (chunk: Buffer) => {
    stderrFile.write(chunk);
    stderrEcho?.write(chunk);
  });
  // Leftover grandchildren could hold the pipes open; end the group once the leader is gone.
  subprocess.once("exit", () => {
    if (pid !== undefined) signalGroup(pid, "SIGKILL");
  });

  const result = await subprocess;
  for (const timer of timers) clearTimeout(timer);
  options.signal?.removeEventListener("abort", onAbort);
  options.killSignal?.removeEventListener("abort", onKill);
  stdoutEcho?.flush();
  stderrEcho?.flush();
  await Promise.all([closeStream(stdoutFile), closeStream(stderrFile)]);
  const durationMs = performance.now() - started;
  const spawnFailed = result.exitCode === undefined && result.signal === undefined;
  return {
    ...(result.exitCode !== undefined ? { exitCode: result.exitCode } : {}),
    ...(result.signal !== undefined ? { signal: result.signal } : {}),
    timedOut,
    interrupted,
    ...(spawnFailed ? { spawnError: result.shortMessage } : {}),
    durationMs,
  };
}
