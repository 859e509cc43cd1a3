import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { FileStore } from "@iqf/tracking";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { temporaryFolder } from "./helpers/stores.js";

const ids = (runs: readonly { info: { runId: string } }[]) => runs.map((run) => run.info.runId).sort();

describe("FileStore.searchRunsByCreationTag", () => {
  let folder: string;
  let root: string;
  beforeEach(async () => {
    folder = await temporaryFolder();
    root = join(folder, "mlruns");
  });
  afterEach(() => rm(folder, { recursive: true, force: true }));

  it("finds the same active runs as a tag-filtered search, including runs other store instances create later", async () => {
    const store = new FileStore(root);
    const experimentId = await store.createExperiment("cells");
    const create = (on: FileStore, cell: string) =>
      on.createRun({ experimentId, tags: { "iqf.cell": cell, other: "x" } });
    const first = await create(store, "a");
    await create(store, "b");
    const deleted = await create(store, "a");
    await store.deleteRun(deleted.info.runId);
    expect(ids(await store.searchRunsByCreationTag(experimentId, "iqf.cell", "a"))).toEqual([
      first.info.runId,
    ]);

    // Another process (here another instance) adds runs after the first call: they are seen.
    const other = new FileStore(root);
    const later = await create(other, "a");
    await create(other, "c");
    for (const cell of ["a", "b", "c", "missing"]) {
      const filtered = await store.searchRuns({
        experimentIds: [experimentId],
        filter: `tags."iqf.cell" = '${cell}'`,
      });
      expect(ids(await store.searchRunsByCreationTag(experimentId, "iqf.cell", cell))).toEqual(ids(filtered));
    }
    expect(ids(await store.searchRunsByCreationTag(experimentId, "iqf.cell", "a"))).toEqual(
      [first.info.runId, later.info.runId].sort(),
    );
  });

  it("reads the tag of a run folder once: later calls list the folder and read only new runs", async () => {
    const store = new FileStore(root);
    const experimentId = await store.createExperiment("cells");
    const run = await store.createRun({ experimentId, tags: { "iqf.cell": "a" } });
    expect(ids(await store.searchRunsByCreationTag(experimentId, "iqf.cell", "a"))).toEqual([run.info.runId]);
    // Rewriting the tag behind the store's back is not seen by this instance (the tag is taken as
    // fixed at creation), which shows the second call did not read the file again; a new
    // instance reads it.
    await writeFile(join(root, experimentId, run.info.runId, "tags", "iqf.cell"), "b");
    expect(ids(await store.searchRunsByCreationTag(experimentId, "iqf.cell", "a"))).toEqual([run.info.runId]);
    expect(await new FileStore(root).searchRunsByCreationTag(experimentId, "iqf.cell", "a")).toEqual([]);
  });
});
