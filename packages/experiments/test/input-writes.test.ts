import { existsSync } from "node:fs";
import { readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ExperimentInfo, ExperimentSetup, RunTags, ScriptTaskExecution } from "@iqf/experiments";
import { JpgModifier, NoneModifier } from "@iqf/modifiers";
import { FileStore } from "@iqf/tracking";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleDataset, tempFolder } from "./helpers.js";

/**
 * A task that misbehaves once: it records what it finds in its train dataset (`marker` = 1 when an
 * earlier run's stray file is there, `files` = how many files `images/` holds, `intact` = 1 when
 * the first image is still a JPEG), then, the first time only (a flag file), adds a file to the
 * dataset's images folder and overwrites its first image (unlinking it when it is read-only).
 */
const writerTask = `
import { existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
const argv = process.argv.slice(2);
const arg = (key) => argv[argv.indexOf("--" + key) + 1];
const images = join(arg("trainds"), "images");
const first = readdirSync(images).sort()[0];
writeFileSync(join(arg("outputpath"), "results.json"), JSON.stringify({
  marker: existsSync(join(images, "zz-task-wrote.txt")) ? 1 : 0,
  files: readdirSync(images).length,
  intact: readFileSync(join(images, first))[0] === 0xff ? 1 : 0,
}));
if (!existsSync(process.env.WROTE_FLAG)) {
  writeFileSync(process.env.WROTE_FLAG, "");
  writeFileSync(join(images, "zz-task-wrote.txt"), "stray");
  try { writeFileSync(join(images, first), "garbage"); }
  catch { unlinkSync(join(images, first)); writeFileSync(join(images, first), "garbage"); }
}
`;

let folder: string;
let task: string;
beforeAll(async () => {
  folder = await tempFolder("input-writes");
  task = join(folder, "writer.mjs");
  await writeFile(task, writerTask);
});
afterAll(() => rm(folder, { recursive: true, force: true }));

function experiment(name: string, dataset: string, modifier: JpgModifier | NoneModifier, flag: string) {
  return new ExperimentSetup({
    experimentName: name,
    task: new ScriptTaskExecution({ command: [process.execPath, task], env: { WROTE_FLAG: flag } }),
    refDswTrain: dataset,
    modifiers: [modifier],
    repetitions: 3,
    tracking: new FileStore(join(folder, "mlruns")),
    echo: false,
  });
}

async function runsByRepetition(name: string) {
  const info = await ExperimentInfo.open(name, { tracking: new FileStore(join(folder, "mlruns")) });
  return [...info.runs].sort((a, b) => (a.repetition ?? 0) - (b.repetition ?? 0));
}

describe("a task that writes into the dataset it was given", () => {
  it("is flagged on its run, and later runs get a rebuilt, unchanged modified copy", async () => {
    const dataset = await sampleDataset(folder, "ds_shared", 3);
    const summary = await experiment(
      "shared",
      dataset,
      new JpgModifier({ quality: 50 }),
      join(folder, "flag-shared"),
    ).execute();
    expect([summary.finished, summary.failed]).toEqual([3, 0]);
    const modified = join(folder, "ds_shared#jpg50_modifier");
    const writer = summary.results.find((result) => result.cell.repetition === 0)!;
    expect(writer.inputModified).toBe(
      [`${modified}: added images/zz-task-wrote.txt`, `${modified}: changed images/000000005802.jpg`].join(
        "\n",
      ),
    );

    const runs = await runsByRepetition("shared");
    expect(runs.map((run) => run.tags[RunTags.inputModified])).toEqual([
      writer.inputModified,
      undefined,
      undefined,
    ]);
    // Every run saw the dataset as iqf built it: no stray file, three images, the first one a JPEG.
    for (const run of runs) expect(run.metrics).toMatchObject({ marker: 0, files: 3, intact: 1 });
    // The copy left behind is clean again, and its files are read-only to tasks.
    const images = join(modified, "images");
    expect(await readdir(images)).not.toContain("zz-task-wrote.txt");
    for (const name of await readdir(images)) expect((await stat(join(images, name))).mode & 0o222).toBe(0);
    expect(await readFile(join(images, "000000005802.jpg")).then((bytes) => bytes[0])).toBe(0xff);
  });

  it("is flagged when it writes into the original dataset (never modified by iqf itself)", async () => {
    const dataset = await sampleDataset(folder, "ds_original", 2);
    const summary = await experiment(
      "original",
      dataset,
      new NoneModifier(),
      join(folder, "flag-original"),
    ).execute();
    expect(summary.finished).toBe(3);
    const runs = await runsByRepetition("original");
    expect(runs[0]!.tags[RunTags.inputModified]).toBe(
      [`${dataset}: added images/zz-task-wrote.txt`, `${dataset}: changed images/000000005802.jpg`].join(
        "\n",
      ),
    );
    expect(runs.slice(1).map((run) => run.tags[RunTags.inputModified])).toEqual([undefined, undefined]);
    // iqf cannot restore an original: the change stays, and it was reported.
    expect(existsSync(join(dataset, "images", "zz-task-wrote.txt"))).toBe(true);
  });
});
