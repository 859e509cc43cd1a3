import type { DatasetLayout } from "@iqf/core";
import { type DatasetPaths, DsWrapper } from "@iqf/datasets";

/** Explicit dataset parts (`DsWrapper.fromPaths`), for data that does not follow the folder convention. */
export type DatasetFiles = DatasetPaths & { readonly imagesDir: string };

/** What {@link DsStats} measures: a dataset folder, an opened `DsWrapper` (anything with a `layout`), or explicit files. */
export type DsStatsSource = string | { readonly layout: DatasetLayout } | DatasetFiles;

/**
 * Turns any {@link DsStatsSource} into a dataset layout: a folder is opened with
 * `DsWrapper.open` (discovery by convention), explicit files with `DsWrapper.fromPaths`.
 */
export async function resolveDataset(source: DsStatsSource): Promise<DatasetLayout> {
  if (typeof source === "string") return (await DsWrapper.open(source)).layout;
  if ("layout" in source) return source.layout;
  return (await DsWrapper.fromPaths(source)).layout;
}
