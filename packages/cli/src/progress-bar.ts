import type { ProgressCallback, ProgressEvent } from "@iqf/core";

/** Output stream a {@link ProgressBar} draws on (a subset of `tty.WriteStream`). */
export interface ProgressStream {
  /** True when the stream is a terminal; nothing is drawn otherwise. */
  readonly isTTY?: boolean;
  /** Terminal width in characters, when known. */
  readonly columns?: number;
  /** Writes text. */
  write(text: string): unknown;
}

/**
 * Renders one progress line, e.g. `jpg85_modifier [########------------] 40/100 40% 12.5/s`,
 * fitted to `columns` characters.
 * @param event - the progress to show.
 * @param columns - available width.
 * @param elapsedMs - time since the operation started, for the rate.
 */
export function renderProgressLine(event: ProgressEvent, columns: number, elapsedMs: number): string {
  const total = Math.max(event.total, 0);
  const fraction = total > 0 ? Math.min(1, event.done / total) : 0;
  const rate = elapsedMs > 0 ? (event.done * 1000) / elapsedMs : 0;
  const label = event.label ? `${event.label} ` : "";
  const counts = ` ${event.done}/${total} ${Math.floor(fraction * 100)}% ${rate.toFixed(1)}/s`;
  const barWidth = Math.max(0, Math.min(30, columns - label.length - counts.length - 3));
  const filled = Math.round(fraction * barWidth);
  const bar = barWidth > 0 ? `[${"#".repeat(filled)}${"-".repeat(barWidth - filled)}]` : "";
  return `${label}${bar}${counts}`.slice(0, Math.max(0, columns - 1));
}

/**
 * A one-line progress bar for long CLI operations, redrawn in place on a terminal (at most every
 * `minIntervalMs`, and always for the last item). On a non-terminal stream it prints nothing, so
 * piped output and `--json` stay clean.
 * @example
 * ```ts
 * const bar = new ProgressBar(process.stderr);
 * await modifyDataset(path, modifier, { onProgress: bar.update });
 * bar.clear();
 * ```
 */
export class ProgressBar {
  /** Whether the bar draws anything (the stream is a terminal). */
  readonly enabled: boolean;
  private readonly stream: ProgressStream;
  private readonly minIntervalMs: number;
  private readonly startedAt = performance.now();
  private lastDrawAt = Number.NEGATIVE_INFINITY;
  private drawn = false;

  /**
   * @param stream - where to draw (default `process.stderr`).
   * @param minIntervalMs - minimum time between redraws.
   */
  constructor(stream: ProgressStream = process.stderr, minIntervalMs = 80) {
    this.stream = stream;
    this.enabled = stream.isTTY === true;
    this.minIntervalMs = minIntervalMs;
  }

  /** Progress callback to hand to an API's `onProgress`. */
  readonly update: ProgressCallback = (event) => {
    if (!this.enabled) return;
    const now = performance.now();
    if (event.done < event.total && now - this.lastDrawAt < this.minIntervalMs) return;
    this.lastDrawAt = now;
    this.drawn = true;
    this.stream.write(
      `\r\u001b[K${renderProgressLine(event, this.stream.columns || 80, now - this.startedAt)}`,
    );
  };

  /** Erases the bar line (call before printing results). */
  clear(): void {
    if (this.enabled && this.drawn) this.stream.write("\r\u001b[K");
    this.drawn = false;
  }
}
