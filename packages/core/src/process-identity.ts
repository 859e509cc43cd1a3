import { readFileSync } from "node:fs";
import { hostname } from "node:os";

/** Who owns something iqf left on disk or in a store: a process on a host. */
export interface ProcessIdentity {
  /** Host name. */
  readonly host: string;
  /** Process id. */
  readonly pid: number;
  /** Start time of the process (clock ticks since boot, from `/proc`), telling a reused pid apart; absent off Linux. */
  readonly started?: string;
}

/** Start time of a process as recorded by Linux (`/proc/<pid>/stat` field 22), or `undefined`. */
function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

/** Whether a process with that pid exists on this host (one we may not signal counts as existing). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** This process's identity. */
export function currentIdentity(): ProcessIdentity {
  const started = processStartTime(process.pid);
  return { host: hostname(), pid: process.pid, ...(started !== undefined ? { started } : {}) };
}

/**
 * Whether the process an identity names is certainly gone: it ran on this host and no process
 * with its pid exists, or one does but started at another time (the pid was reused). Processes
 * on other hosts are never presumed gone.
 * @param identity - the recorded owner.
 */
export function isIdentityGone(identity: ProcessIdentity): boolean {
  if (identity.host !== hostname() || !Number.isInteger(identity.pid) || identity.pid <= 0) return false;
  if (identity.pid === process.pid) return identity.started !== currentIdentity().started;
  if (!isProcessAlive(identity.pid)) return true;
  const started = processStartTime(identity.pid);
  return identity.started !== undefined && started !== undefined && started !== identity.started;
}
