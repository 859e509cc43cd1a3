/**
 * Ends the process at once with `signal`'s default action (exit status 128 + signal number as
 * a shell sees it: 130 for SIGINT, 143 for SIGTERM). Unlike `process.exit`, this never waits for
 * file-system calls blocked in libuv's thread pool (e.g. an `open()` of a FIFO nobody writes).
 * @param signal - the signal that asked the process to stop.
 */
export function exitNowBySignal(signal: NodeJS.Signals): void {
  process.removeAllListeners(signal);
  process.kill(process.pid, signal);
}
