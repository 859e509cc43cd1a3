import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import { join } from "node:path";
import type { EchoTarget } from "@iqf/experiments";

/** Lines kept for a failed job's detail. */
const tailLength = 20;

/**
 * The log files of one run of a cloud job: the job's own log lines (CloudWatch) go to
 * `stdout.txt`, iqf's notes about the job (status changes, billing) to `stderr.txt`; both are
 * echoed with the run's prefix. Keeps the last lines of the job's log for failure details.
 */
export class JobLog {
  /** Path of the job's log lines. */
  readonly stdoutPath: string;
  /** Path of iqf's notes about the job. */
  readonly stderrPath: string;
  private readonly stdout: WriteStream;
  private readonly stderr: WriteStream;
  private readonly recent: string[] = [];

  /**
   * @param logDir - the run's log folder.
   * @param echo - live echo, or none.
   * @param prefix - put before every echoed line.
   */
  constructor(
    logDir: string,
    private readonly echo: EchoTarget | undefined,
    private readonly prefix = "",
  ) {
    this.stdoutPath = join(logDir, "stdout.txt");
    this.stderrPath = join(logDir, "stderr.txt");
    this.stdout = createWriteStream(this.stdoutPath);
    this.stderr = createWriteStream(this.stderrPath);
  }

  /** Records one line of the job's log. */
  line(text: string): void {
    this.stdout.write(`${text}\n`);
    this.echo?.stdout.write(`${this.prefix}${text}\n`);
    this.recent.push(text);
    if (this.recent.length > tailLength) this.recent.shift();
  }

  /** Records one note of iqf about the job. */
  note(text: string): void {
    this.stderr.write(`${text}\n`);
    this.echo?.stderr.write(`${this.prefix}sagemaker: ${text}\n`);
  }

  /** The last lines of the job's log. */
  tail(): readonly string[] {
    return [...this.recent];
  }

  /** Flushes and closes both files. */
  async close(): Promise<void> {
    await Promise.all(
      [this.stdout, this.stderr].map(async (stream) => {
        stream.end();
        if (!stream.closed) await once(stream, "close");
      }),
    );
  }
}
