import { InvalidFile, InvalidParams, type Modifier } from "@iqf/core";
import { type DsWrapper, datasetHeaders } from "@iqf/datasets";

/**
 * Checks every modifier that works on a reference dataset (the first non-identity step of each
 * chain) against each reference dataset with its `checkDataset` hook, before any run starts.
 * All problems are reported at once, each naming the field: `modifiers[1].params.bits` (or
 * `modifiers[2][0].params.scale` inside a chain) and the dataset.
 * @param entries - the experiment's `modifiers`: a modifier or a chain per entry.
 * @param datasets - the reference datasets (train, and val/test when given).
 * @param definedIn - the experiment file the entries come from, named by the error.
 * @throws InvalidFile naming `definedIn`, else InvalidParams of `ExperimentSetup`.
 */
export async function checkModifiersFit(
  entries: readonly (Modifier | readonly Modifier[])[],
  datasets: readonly DsWrapper[],
  definedIn?: string,
): Promise<void> {
  const problems: string[] = [];
  for (const dataset of datasets) {
    const headers = datasetHeaders(dataset.layout, await dataset.listImages());
    for (const [index, entry] of entries.entries()) {
      const chain: readonly Modifier[] = Array.isArray(entry) ? entry : [entry as Modifier];
      const position = chain.findIndex((modifier) => modifier.identity !== true);
      const modifier = chain[position];
      if (modifier?.checkDataset === undefined) continue;
      const field = Array.isArray(entry) ? `modifiers[${index}][${position}]` : `modifiers[${index}]`;
      for (const { param, message } of await modifier.checkDataset(headers))
        problems.push(`${field}.params.${param}: ${message} (dataset ${dataset.layout.root})`);
    }
  }
  if (problems.length === 0) return;
  if (definedIn !== undefined) throw new InvalidFile(definedIn, problems.join("; "));
  throw new InvalidParams("ExperimentSetup", problems);
}
