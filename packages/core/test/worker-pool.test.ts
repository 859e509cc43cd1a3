import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { WorkerPool } from "@iqf/core";
import { afterEach, describe, expect, it } from "vitest";

const module = new URL("./fixtures/double-worker.mjs", import.meta.url);
type Job = { value: number; fail?: boolean; crash?: boolean };
type Result = { double: number; threadId: number };

describe("WorkerPool", () => {
  let pool: WorkerPool<Job, Result> | undefined;
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  it("runs jobs on up to `size` threads and pairs every reply with its job", async () => {
    const threads2 = new WorkerPool<Job, Result>(module, 2);
    pool = threads2;
    const replies = await Promise.all(Array.from({ length: 12 }, (_, value) => threads2.run({ value })));
    expect(replies.map((reply) => ("result" in reply ? reply.result.double : Number.NaN))).toEqual(
      Array.from({ length: 12 }, (_, value) => value * 2),
    );
    const threads = new Set(replies.map((reply) => ("result" in reply ? reply.result.threadId : 0)));
    expect(threads.size).toBe(2);
  });

  it("hands a worker's error reply back, and keeps serving", async () => {
    const single = new WorkerPool<Job, Result>(module, 1);
    pool = single;
    expect(await single.run({ value: 7, fail: true })).toMatchObject({ error: { message: "cannot take 7" } });
    expect(await single.run({ value: 7 })).toMatchObject({ result: { double: 14 } });
  });

  it("rejects the jobs of a thread that dies and replaces the thread", async () => {
    const dying = new WorkerPool<Job, Result>(module, 1);
    pool = dying;
    await expect(dying.run({ value: 1, crash: true })).rejects.toThrow(/exited with code 3/);
    expect(await dying.run({ value: 5 })).toMatchObject({ result: { double: 10 } });
  });

  it("does not keep the process alive once its jobs are done", async () => {
    const core = pathToFileURL(join(import.meta.dirname, "../dist/index.js")).href;
    const folder = await mkdtemp(join(tmpdir(), "iqf-pool-"));
    const script = join(folder, "main.mjs");
    await writeFile(
      script,
      `import { WorkerPool } from ${JSON.stringify(core)};
const pool = new WorkerPool(new URL(${JSON.stringify(module.href)}), 2);
const reply = await pool.run({ value: 21 });
console.log(reply.result.double);
`,
    );
    try {
      const child = await promisify(execFile)(process.execPath, [script], { timeout: 10_000 });
      expect(child.stdout.trim()).toBe("42");
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
