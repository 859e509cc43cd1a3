import { open, readFile, rm, stat } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { isProcessAlive } from "@iqf/core";
import { TrackingError } from "../errors.js";

/** Options of {@link withFileLock}. */
export interface FileLockOptions {
  /** Give up after this many ms of waiting (default 30 000). */
  readonly timeoutMs?: number;
  /** A lock older than this whose owner process is gone is taken over (default 10 000). */
  readonly staleMs?: number;
}

/**
 * Runs `action` while holding an exclusive lock file (created with `O_EXCL`, holding the owner's
 * pid). Works across processes on one machine; a lock left by a dead process is taken over.
 * @param lockPath - path of the lock file.
 * @param action - what to do under the lock.
 * @param options - timeouts.
 */
export async function withFileLock<T>(
  lockPath: string,
  action: () => Promise<T>,
  options: FileLockOptions = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const staleMs = options.staleMs ?? 10_000;
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(lockPath, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      if (await isStale(lockPath, staleMs)) {
        await rm(lockPath, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new TrackingError(
          "RESOURCE_LOCKED",
          `Timed out waiting for the lock file ${lockPath}; if no other iqf process is running, delete it.`,
        );
      }
      await sleep(Math.min(5 + attempt * 5, 50) + Math.random() * 10);
    }
  }
  try {
    return await action();
  } finally {
    await rm(lockPath, { force: true });
  }
}

async function isStale(lockPath: string, staleMs: number): Promise<boolean> {
  try {
    const [info, owner] = await Promise.all([stat(lockPath), readFile(lockPath, "utf8")]);
    const pid = Number(owner);
    if (Number.isInteger(pid) && pid > 0 && !isProcessAlive(pid)) return true;
    return Date.now() - info.mtimeMs > staleMs && (owner === "" || !isProcessAlive(pid));
  } catch {
    return false;
  }
}
