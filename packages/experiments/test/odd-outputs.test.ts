import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ExperimentSetup, RunTags, ScriptTaskExecution } from "@iqf/experiments";
import { JpgModifier } from "@iqf/modifiers";
import { FileStore } from "@iqf/tracking";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleDataset, tempFolder } from "./helpers.js";

/**
 * A task that succeeds and leaves every odd kind of entry in its output folder: a FIFO (made by
 * the real `mkfifo` program), a Unix socket, a link to a file outside the folder, a link to a
 * folder inside it (`latest -> ckpt-5`), a link to a file inside it and a broken link.
 */
const oddTask = `
import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
const argv = process.argv.slice(2);
const out = argv[argv.indexOf("--outputpath") + 1];
// What Python's json.dump writes for a diverged loss, plus a key MLflow refuses.
writeFileSync(join(out, "results.json"), '{"score": 1, "loss": [0.5, NaN], "best": -Infinity, "bad!": 2}');
mkdirSync(join(out, "ckpt-5"));
writeFileSync(join(out, "ckpt-5", "model.bin"), "weights");
symlinkSync("ckpt-5", join(out, "latest"));
symlinkSync("ckpt-5/model.bin", join(out, "best.bin"));
symlinkSync("/etc/hostname", join(out, "host"));
symlinkSync("missing-file", join(out, "broken"));
execFileSync("mkfifo", [join(out, "pipe")]);
const server = createServer().listen(join(out, "sock"), () => process.exit(0));
`;

let folder: string;
let dataset: string;
beforeAll(async () => {
  folder = await tempFolder("odd");
  dataset = await sampleDataset(folder, "ds", 1);
  await writeFile(join(folder, "odd-task.mjs"), oddTask);
});
afterAll(() => rm(folder, { recursive: true, force: true }));

describe("artifact collection of odd task outputs", () => {
  it("logs regular files only, never follows a link out, skips FIFOs/sockets with a note, keeps NaN metrics, and the run FINISHES", async () => {
    const store = new FileStore(join(folder, "mlruns"));
    const summary = await new ExperimentSetup({
      experimentName: "odd",
      task: new ScriptTaskExecution({ command: [process.execPath, "odd-task.mjs"], cwd: folder }),
      refDswTrain: dataset,
      modifiers: [new JpgModifier({ quality: 50 })],
      tracking: store,
      echo: false,
      workDir: folder,
    }).execute();
    const result = summary.results[0]!;
    expect(result.status, result.detail).toBe("FINISHED");
    const run = await store.getRun(result.runId!);
    expect(run.data.metrics.score?.value).toBe(1);
    expect(run.data.metrics.loss).toMatchObject({ value: Number.NaN, step: 1 });
    expect(run.data.metrics.best?.value).toBe(Number.NEGATIVE_INFINITY);
    expect(run.data.tags[RunTags.resultsDropped]).toMatch(/^"bad!": a key may only hold/);
    const artifacts = join(run.info.artifactUri.replace(/^file:\/\//, ""));
    expect((await readdir(artifacts)).sort()).toEqual(["best.bin", "ckpt-5", "logs", "results.json"]);
    expect(await readFile(join(artifacts, "ckpt-5", "model.bin"), "utf8")).toBe("weights");
    expect(await readFile(join(artifacts, "best.bin"), "utf8")).toBe("weights");
    const note = run.data.tags[RunTags.skippedOutputs]!;
    expect(note).toMatch(/^pipe: a FIFO, not a regular file$/m);
    expect(note).toMatch(/^sock: a socket, not a regular file$/m);
    expect(note).toMatch(/^host: a symbolic link to \/etc\/hostname, outside the logged folder$/m);
    expect(note).toMatch(/^latest: a symbolic link to a folder/m);
    expect(note).toMatch(/^broken: a broken symbolic link$/m);
    expect(result.skippedOutputs).toBe(note);
    // The per-run scratch folder is gone.
    expect((await readdir(folder)).filter((name) => name.startsWith("iqf-runs-"))).toEqual([]);
  }, 60_000);
});
