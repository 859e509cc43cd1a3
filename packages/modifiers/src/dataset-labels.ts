/**
 * Initial image-quality values of known datasets (iquaflow's `dataset_labels` package data):
 * the relative edge response (RER) and signal-to-noise ratio (SNR) measured on each dataset,
 * used as the starting point of {@link RerModifier} and {@link SnrModifier}. Names are
 * case-sensitive, as in iquaflow.
 */
export const datasetLabels: Readonly<Record<string, { readonly RER: number; readonly SNR: number }>> =
  Object.freeze({
    xview: Object.freeze({ RER: 0.56, SNR: 31 }),
    "inria-aid": Object.freeze({ RER: 0.56, SNR: 31 }),
    DeepGlobe: Object.freeze({ RER: 0.54, SNR: 45 }),
  });

/** Names of the datasets in {@link datasetLabels}. */
export const labelledDatasets: readonly string[] = Object.freeze(Object.keys(datasetLabels));
