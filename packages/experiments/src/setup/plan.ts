import type { Modifier } from "@iqf/core";
import type { Run, TrackingStore } from "@iqf/tracking";
import { type CellCoordinates, cellId, expandGrid, type ParamCombination, type ParamGrid } from "../grid.js";
import { RunTags } from "../tags.js";
import { isOwnerGone } from "./owner.js";

/** One cell of the run grid: a modifier chain, a hyperparameter combination and a repetition. */
export interface GridCell extends CellCoordinates {
  /** Stable id of the cell. */
  readonly id: string;
  /** Position in the grid (0-based, grid order). */
  readonly index: number;
  /** Index of the modifier chain in the setup's list. */
  readonly modifierIndex: number;
  /** The modifiers applied, innermost first. */
  readonly chain: readonly Modifier[];
}

/** Reference dataset names a grid is built over. */
export interface GridDatasets {
  /** Base name of the train reference. */
  readonly train: string;
  /** Base name of the validation reference, when used. */
  readonly val?: string;
  /** Base name of the test reference, when used. */
  readonly test?: string;
}

/** The chain name of a list of modifiers: their names joined by `#`, innermost first. */
export function chainName(chain: readonly Modifier[]): string {
  return chain.map((modifier) => modifier.name).join("#");
}

/** Lists every cell of the grid: for each modifier chain, each combination, each repetition. */
export function planGrid(
  datasets: GridDatasets,
  chains: readonly (readonly Modifier[])[],
  grid: ParamGrid,
  repetitions: number,
): GridCell[] {
  const combinations: ParamCombination[] = expandGrid(grid);
  const cells: GridCell[] = [];
  chains.forEach((chain, modifierIndex) => {
    for (const params of combinations) {
      for (let repetition = 0; repetition < repetitions; repetition++) {
        const coordinates: CellCoordinates = {
          dataset: datasets.train,
          ...(datasets.val !== undefined ? { valDataset: datasets.val } : {}),
          ...(datasets.test !== undefined ? { testDataset: datasets.test } : {}),
          modifier: chainName(chain),
          params,
          repetition,
        };
        cells.push({ ...coordinates, id: cellId(coordinates), index: cells.length, modifierIndex, chain });
      }
    }
  });
  return cells;
}

/** What earlier executions left for each cell. */
export interface PriorState {
  /** Cells with a FINISHED run, with that run. */
  readonly finished: ReadonlyMap<string, Run>;
  /** Cells whose run is still RUNNING under a live process (another `iqf run`). */
  readonly runningElsewhere: ReadonlyMap<string, Run>;
  /** Runs that were left RUNNING by a dead process and have now been marked KILLED. */
  readonly reconciled: readonly Run[];
}

/**
 * Reads the experiment's runs, marks runs left RUNNING by a dead process as KILLED (tag
 * `iqf.failure = orphaned`), and reports which cells are finished or running elsewhere.
 */
export async function readPriorState(store: TrackingStore, experimentId: string): Promise<PriorState> {
  const runs = await store.searchRuns({ experimentIds: [experimentId] });
  const finished = new Map<string, Run>();
  const runningElsewhere = new Map<string, Run>();
  const reconciled: Run[] = [];
  for (const run of runs) {
    const cell = run.data.tags[RunTags.cell];
    if (cell === undefined) continue;
    if (run.info.status === "FINISHED") finished.set(cell, run);
    else if (run.info.status === "RUNNING") {
      const owner = run.data.tags[RunTags.owner];
      if (isOwnerGone(owner)) {
        await store.setTag(run.info.runId, RunTags.failure, "orphaned");
        await store.setTag(
          run.info.runId,
          RunTags.failureDetail,
          `the process that ran it (${owner ?? "unknown"}) ended without closing the run`,
        );
        await store.updateRun(run.info.runId, { status: "KILLED", endTime: Date.now() });
        reconciled.push(run);
      } else runningElsewhere.set(cell, run);
    }
  }
  for (const cell of finished.keys()) runningElsewhere.delete(cell);
  return { finished, runningElsewhere, reconciled };
}
