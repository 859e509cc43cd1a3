/** Polling delays: exponential growth from `initialMs` to `maxMs`, each with jitter. */
export class Backoff {
  private step = 0;

  /**
   * @param initialMs - first delay.
   * @param maxMs - largest delay.
   * @param random - source of jitter in [0, 1).
   */
  constructor(
    private readonly initialMs: number,
    private readonly maxMs: number,
    private readonly random: () => number = Math.random,
  ) {}

  /** The next delay: `min(max, initial × 1.5^n)`, scaled by a random factor in [0.5, 1). */
  next(): number {
    const ceiling = Math.min(this.maxMs, this.initialMs * 1.5 ** this.step);
    this.step += 1;
    return ceiling * (0.5 + this.random() / 2);
  }

  /** Starts again from the initial delay (e.g. after a status change). */
  reset(): void {
    this.step = 0;
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
