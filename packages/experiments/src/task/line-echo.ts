/** Where a task's output is echoed while it runs. */
export interface EchoTarget {
  /** Receives the task's stdout. */
  readonly stdout: NodeJS.WritableStream;
  /** Receives the task's stderr. */
  readonly stderr: NodeJS.WritableStream;
}

/**
 * Echoes a byte stream to a writable, optionally starting every line with a prefix (used when
 * several runs share the console). Partial lines are held until their newline or `flush()`.
 */
export class LineEcho {
  private pending = "";
  private readonly decoder = new TextDecoder();

  /**
   * @param target - where the text goes.
   * @param prefix - put before every line; no line splitting when absent.
   */
  constructor(
    private readonly target: NodeJS.WritableStream,
    private readonly prefix?: string,
  ) {}

  /** Echoes one chunk. */
  write(chunk: Uint8Array): void {
    if (this.prefix === undefined) {
      this.target.write(chunk);
      return;
    }
    const text = this.pending + this.decoder.decode(chunk, { stream: true });
    const lines = text.split("\n");
    this.pending = lines.pop() ?? "";
    if (lines.length > 0) this.target.write(lines.map((line) => `${this.prefix}${line}\n`).join(""));
  }

  /** Writes a held partial line, if any. */
  flush(): void {
    const rest = this.pending + this.decoder.decode();
    this.pending = "";
    if (rest !== "" && this.prefix !== undefined) this.target.write(`${this.prefix}${rest}\n`);
  }
}
