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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
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
 */
export function isIdentityGone(identity: ProcessIdentity): boolean {
  if (identity.host !== hostname() || !Number.isInteger(identity.pid) || identity.pid <= 0) return false;
  if (identity.pid === process.pid) return identity.started !== currentIdentity().started;
  if (!isAlive(identity.pid)) return true;
  const started = processStartTime(identity.pid);
  return identity.started !== undefined && started !== undefined && started !== identity.started;
}

/** The `host:pid` identity of this process, recorded on the runs it executes. */
export function currentOwner(): string {
  return `${hostname()}:${process.pid}`;
}

/**
 * Whether the process named by an owner tag (`host:pid`) is certainly gone: it ran on this host
 * and no process with its pid exists. Owners on other hosts are never presumed dead.
 */
export function isOwnerGone(owner: string | undefined): boolean {
  if (owner === undefined) return true;
  const separator = owner.lastIndexOf(":");
  const pid = Number(owner.slice(separator + 1));
  if (pid === process.pid) return false;
  return isIdentityGone({ host: owner.slice(0, separator), pid });
}
