import { type Transferable, Worker } from "node:worker_threads";

/** A message from a pool worker: the job id and either its result or its error. */
export type WorkerReply<R> =
  | { readonly id: number; readonly result: R }
  | { readonly id: number; readonly error: unknown };

interface PendingJob<R> {
  readonly resolve: (reply: WorkerReply<R>) => void;
  readonly reject: (error: Error) => void;
}

/** One thread of a {@link WorkerPool} and the jobs it is running. */
class PoolThread<R> {
  readonly worker: Worker;
  readonly pending = new Map<number, PendingJob<R>>();

  constructor(module: URL, onExit: (thread: PoolThread<R>) => void) {
    this.worker = new Worker(module);
    this.worker.unref();
    this.worker.on("message", (reply: WorkerReply<R>) => {
      const job = this.pending.get(reply.id);
      if (!job) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.worker.unref();
      job.resolve(reply);
    });
    const fail = (error: Error): void => {
      for (const job of this.pending.values()) job.reject(error);
      this.pending.clear();
      onExit(this);
    };
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => fail(new Error(`worker thread exited with code ${code}`)));
  }
}

/**
 * A fixed-size pool of worker threads running one module, for CPU-heavy JavaScript that would
 * otherwise hold the main thread. Threads start on first use and are kept for later jobs; they
 * keep the process alive only while they have work. The module answers each posted
 * `{ id, ...job }` with one {@link WorkerReply} carrying the same `id`.
 */
export class WorkerPool<J extends object, R> {
  private readonly module: URL;
  private readonly size: number;
  private readonly threads: PoolThread<R>[] = [];
  private nextId = 0;

  /**
   * @param module - URL of the worker module (e.g. `new URL("./my-worker.js", import.meta.url)`).
   * @param size - number of threads, at least 1.
   */
  constructor(module: URL, size: number) {
    this.module = module;
    this.size = Math.max(1, Math.floor(size));
  }

  /**
   * Runs a job on the least busy thread.
   * @param transfer - buffers moved (not copied) to the worker; they are unusable here afterwards.
   * @returns the worker's reply: `{ result }` or `{ error }` as the module posted it.
   * @throws Error when the worker thread dies while running the job.
   */
  run(job: J, transfer: readonly Transferable[] = []): Promise<WorkerReply<R>> {
    const thread = this.pickThread();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      thread.worker.ref();
      thread.worker.postMessage({ ...job, id }, [...transfer]);
    });
  }

  /** Stops every thread; jobs still running are rejected. */
  async close(): Promise<void> {
    const threads = this.threads.splice(0);
    await Promise.all(threads.map((thread) => thread.worker.terminate()));
  }

  private pickThread(): PoolThread<R> {
    if (this.threads.length < this.size && this.threads.every((thread) => thread.pending.size > 0)) {
      const thread = new PoolThread<R>(this.module, (dead) => {
        const index = this.threads.indexOf(dead);
        if (index >= 0) this.threads.splice(index, 1);
      });
      this.threads.push(thread);
      return thread;
    }
    return this.threads.reduce((best, thread) => (thread.pending.size < best.pending.size ? thread : best));
  }
}
