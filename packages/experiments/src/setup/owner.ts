import { hostname } from "node:os";

/** The `host:pid` identity of this process, recorded on the runs it executes. */
export function currentOwner(): string {
  return `${hostname()}:${process.pid}`;
}

/**
 * Whether the process named by an owner tag is certainly gone: it ran on this host and no
 * process with its pid exists. Owners on other hosts are never presumed dead.
 */
export function isOwnerGone(owner: string | undefined): boolean {
  if (owner === undefined) return true;
  const separator = owner.lastIndexOf(":");
  const host = owner.slice(0, separator);
  const pid = Number(owner.slice(separator + 1));
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
