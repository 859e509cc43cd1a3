/** A range of run folder indexes, `start` included, `end` excluded. */
export interface FolderChunk {
  /** First index. */
  readonly start: number;
  /** One past the last index. */
  readonly end: number;
}

/**
 * The run folders still to read, shared between the threads reading them: a counter in shared
 * memory from which each thread takes the next `chunkSize` indexes atomically, so that every folder
 * is read by exactly one thread.
 */
export class RunFolderQueue {
  private readonly next: Int32Array;

  /**
   * @param shared - the counter's memory (4 bytes, zero when the queue is new); the same memory in
   *   every thread is the same queue.
   * @param length - the number of folders.
   * @param chunkSize - folders taken at a time.
   */
  constructor(
    readonly shared: SharedArrayBuffer,
    private readonly length: number,
    private readonly chunkSize: number,
  ) {
    this.next = new Int32Array(shared, 0, 1);
  }

  /** The next chunk of indexes to read; `undefined` when every folder has been taken. */
  take(): FolderChunk | undefined {
    const start = Atomics.add(this.next, 0, this.chunkSize);
    if (start >= this.length) return undefined;
    return { start, end: Math.min(start + this.chunkSize, this.length) };
  }
}
