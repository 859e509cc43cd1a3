import { InvalidParams, type MetricContext } from "@iqf/core";
import { DsWrapper } from "@iqf/datasets";

/**
 * The images folder of the run's (modified) dataset, found with `DsWrapper` from
 * `MetricContext.datasetPath`. Image metrics measure these images, as iquaflow's do.
 *
 * @throws InvalidParams when the context has no `datasetPath`.
 */
export async function imagesFolderOf(context: MetricContext, metric: string): Promise<string> {
  if (!context.datasetPath) {
    throw new InvalidParams(`${metric} metric`, [
      "datasetPath: missing from the metric context; pass the run's (modified) dataset folder",
    ]);
  }
  const dataset = await DsWrapper.open(context.datasetPath);
  return dataset.layout.imagesDir;
}
