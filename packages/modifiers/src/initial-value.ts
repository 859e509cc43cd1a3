import { InvalidParams } from "@iqf/core";
import { z } from "zod";
import { datasetLabels, labelledDatasets } from "./dataset-labels.js";

/** A zod schema for a `dataset` parameter: one of the names in {@link datasetLabels}. */
export function datasetParam() {
  return z.string().refine((name) => Object.hasOwn(datasetLabels, name), {
    message: `must be one of ${labelledDatasets.join(", ")} (case-sensitive)`,
  });
}

/** Where a modifier's starting quality value came from. */
export interface InitialValue {
  /** The value (initial RER or SNR of the source images). */
  readonly value: number;
  /** The labelled dataset it was read from, when it was not given explicitly. */
  readonly dataset?: string;
}

/**
 * Resolves the initial RER/SNR of the source: the explicit `initial_<quantity>` parameter, else
 * the `dataset` label (default `xview`, as iquaflow). Giving both is an error.
 */
export function resolveInitialValue(
  subject: string,
  quantity: "RER" | "SNR",
  explicit: number | undefined,
  dataset: string | undefined,
): InitialValue {
  const key = `initial_${quantity.toLowerCase()}`;
  if (explicit !== undefined && dataset !== undefined) {
    throw new InvalidParams(subject, [
      `${key}=${explicit} and dataset=${dataset}: give one of them, not both`,
    ]);
  }
  if (explicit !== undefined) return { value: explicit };
  const name = dataset ?? "xview";
  return { value: datasetLabels[name]![quantity], dataset: name };
}

/** Describes an initial value for error messages, e.g. `0.56 (dataset xview)`. */
export function describeInitial(initial: InitialValue): string {
  return initial.dataset === undefined
    ? String(initial.value)
    : `${initial.value} (dataset ${initial.dataset})`;
}
