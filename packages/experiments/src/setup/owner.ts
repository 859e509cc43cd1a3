import { hostname } from "node:os";
import { isIdentityGone } from "@iqf/core";

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
