import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FileStore } from "@iqf/tracking";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const data = fileURLToPath(new URL("../../../data", import.meta.url));

/** A task that records its pid, ignores SIGTERM and never ends. */
const stubbornTask = `
import { writeFileSync } from "node:fs";
process.on("SIGTERM", () => {});
writeFileSync(process.env.PID_FILE, String(process.pid));
setInterval(() => {}, 1000);
`;

let folder: string;
let temp: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "iqf-cli-signals-"));
  temp = join(folder, "tmp");
  await mkdir(join(folder, "ds", "images"), { recursive: true });
  await mkdir(temp);
  const image = (await readdir(join(data, "ds_coco_dataset", "images"))).sort()[0]!;
  await copyFile(join(data, "ds_coco_dataset", "images", image), join(folder, "ds", "images", image));
  await writeFile(join(folder, "task.mjs"), stubbornTask);
  await writeFile(
    join(folder, "exp.yaml"),
    [
      "name: signals",
      "dataset: ./ds",
      "modifiers: [{ type: jpg, params: { quality: 50 } }]",
      "task:",
      `  command: ${JSON.stringify([process.execPath, "task.mjs"])}`,
      `  env: { PID_FILE: ${JSON.stringify(join(folder, "task.pid"))} }`,
    ].join("\n"),
  );
});
afterAll(() => rm(folder, { recursive: true, force: true }));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(predicate: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function taskPid(): Promise<number> {
  let pid = 0;
  await waitFor(async () => {
    pid = Number(await readFile(join(folder, "task.pid"), "utf8").catch(() => "0"));
    return pid > 0;
  });
  return pid;
}

describe("iqf run and signals", () => {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`a second ${signal} kills the task and exits at once; the next run cleans up after it`, async () => {
      await rm(join(folder, "task.pid"), { force: true });
      const run = execa(process.execPath, [bin, "run", "exp.yaml", "--quiet"], {
        cwd: folder,
        reject: false,
        all: true,
        env: { TMPDIR: temp },
      });
      const pid = await taskPid();
      run.kill(signal);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(isAlive(pid)).toBe(true); // it ignores SIGTERM; the grace period (3 s) is not over
      const second = Date.now();
      run.kill(signal);
      const result = await run;
      expect(Date.now() - second).toBeLessThan(2000);
      expect(result.signal, result.all).toBe(signal);
      expect(result.all).toMatch(new RegExp(`${signal} received again — tasks killed, exiting now`));
      expect(result.all).not.toMatch(/^\s+at /m);
      await waitFor(async () => !isAlive(pid), 2000);
      expect((await readdir(temp)).filter((name) => name.startsWith("iqf-runs-"))).toHaveLength(1);

      // The next execution marks the abandoned run KILLED and removes the dead process's work folder.
      const yaml = await readFile(join(folder, "exp.yaml"), "utf8");
      await writeFile(join(folder, "exp-next.yaml"), yaml.replace('"task.mjs"', '"-e", "0"'));
      const next = await execa(process.execPath, [bin, "run", "exp-next.yaml", "--quiet"], {
        cwd: folder,
        reject: false,
        all: true,
        env: { TMPDIR: temp },
      });
      expect(next.all).toMatch(/left running by a dead process marked KILLED/);
      expect((await readdir(temp)).filter((name) => name.startsWith("iqf-runs-"))).toEqual([]);
      const store = new FileStore(join(folder, "mlruns"));
      const experiment = await store.getExperimentByName("signals");
      const runs = await store.searchRuns({ experimentIds: [experiment!.experimentId] });
      expect(runs.filter((r) => r.info.status === "RUNNING")).toEqual([]);
    }, 90_000);
  }
});
