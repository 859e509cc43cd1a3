import type { CreateRunOptions, FileStore, Run, TrackingStore } from "@iqf/tracking";
import { RunTags } from "../tags.js";
import { isOwnerGone } from "./owner.js";

/** The outcome of claiming a cell: this process runs it, or another run already holds it. */
export type CellClaim = { readonly run: Run } | { readonly heldBy: Run };

function escapeFilterValue(value: string): string {
  return value.replaceAll("'", "\\'");
}

/** Whether the store is a file store, with an experiment lock and remembered creation tags. */
function hasExperimentLock(
  store: TrackingStore,
): store is TrackingStore & Pick<FileStore, "withExperimentLock" | "searchRunsByCreationTag"> {
  const candidate = store as Partial<FileStore>;
  return (
    typeof candidate.withExperimentLock === "function" &&
    typeof candidate.searchRunsByCreationTag === "function"
  );
}

function isEarlier(a: Run, b: Run): boolean {
  return a.info.startTime !== b.info.startTime
    ? a.info.startTime < b.info.startTime
    : a.info.runId < b.info.runId;
}

/**
 * Another run that holds the cell: a FINISHED one, or a RUNNING one whose owner is alive. With
 * `strict` (the check ran under a lock, so earlier claimers are all visible) any such run wins;
 * otherwise only one that started earlier does, so that of two racing processes exactly one runs.
 */
function holder(runs: readonly Run[], mine: Run, strict: boolean): Run | undefined {
  return runs.find((run) => {
    if (run.info.runId === mine.info.runId) return false;
    if (run.info.status === "FINISHED") return true;
    if (run.info.status !== "RUNNING" || isOwnerGone(run.data.tags[RunTags.owner])) return false;
    return strict || isEarlier(run, mine);
  });
}

/**
 * Claims a grid cell by creating its run, then checking the store for another run of the same
 * cell (tag `iqf.cell`) that is FINISHED or RUNNING under a live process; when there is one, the
 * new run is deleted and that run returned. The run itself is the claim record: it survives a
 * crash, and a RUNNING run whose owner is gone no longer holds the cell. In a file store the
 * create-and-check step runs under the experiment's lock file, so exactly one process claims a
 * cell; the check lists the experiment folder and reads the cell tag of new run folders only
 * (`FileStore.searchRunsByCreationTag`), so a grid of n runs costs n folder listings, not n² tag
 * reads. An MLflow server offers no lock or conditional write, so there both processes create
 * their run first and the earlier-started one keeps the cell; this holds as long as the clocks
 * of the machines involved agree to within the time a request takes.
 * @param store - the tracking store.
 * @param options - the run to create (its tags must hold `iqf.cell` and `iqf.owner`).
 */
export async function claimCell(store: TrackingStore, options: CreateRunOptions): Promise<CellClaim> {
  const cell = options.tags?.[RunTags.cell];
  if (cell === undefined) throw new Error(`claimCell: the run's tags must hold ${RunTags.cell}`);
  const attempt = async (strict: boolean, cellRuns: () => Promise<Run[]>): Promise<CellClaim> => {
    const run = await store.createRun(options);
    const heldBy = holder(await cellRuns(), run, strict);
    if (heldBy === undefined) return { run };
    await store.deleteRun(run.info.runId);
    return { heldBy };
  };
  if (hasExperimentLock(store)) {
    return store.withExperimentLock<CellClaim>(options.experimentId, () =>
      attempt(true, () => store.searchRunsByCreationTag(options.experimentId, RunTags.cell, cell)),
    );
  }
  return attempt(false, () =>
    store.searchRuns({
      experimentIds: [options.experimentId],
      filter: `tags."${RunTags.cell}" = '${escapeFilterValue(cell)}'`,
    }),
  );
}
