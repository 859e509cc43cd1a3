import { measureSharpnessFile } from "../sharpness/measure-sharpness-file.js";
import { measureSnrFile } from "../snr/measure-snr-file.js";

const table = {
  snr: measureSnrFile,
  sharpness: measureSharpnessFile,
};

type Table = typeof table;

/** Which per-image measurement to run: a key of {@link measurements}. */
export type MeasurementKind = keyof Table;
/** Validated options of measurement `K`. */
export type MeasurementOptions<K extends MeasurementKind> = Parameters<Table[K]>[1];
/** Per-image result of measurement `K`. */
export type MeasurementResult<K extends MeasurementKind> = Awaited<ReturnType<Table[K]>>;

/**
 * Every per-image measurement the worker pool can run, by kind: each takes an image file and
 * its validated options and never throws for an unreadable image (it returns an `error` entry).
 * The pool and its worker threads both dispatch through this table, so a new measurement is one
 * entry here.
 */
export const measurements: {
  readonly [K in MeasurementKind]: (
    file: string,
    options: MeasurementOptions<K>,
  ) => Promise<MeasurementResult<K>>;
} = table;

/** A request for one image: the measurement, the file and its validated options. */
export interface MeasureRequest<K extends MeasurementKind = MeasurementKind> {
  /** Measurement to run. */
  readonly kind: K;
  /** Image file. */
  readonly file: string;
  /** Validated options of that measurement. */
  readonly options: MeasurementOptions<K>;
}

/** Runs one request in the current thread (the worker threads call this too). */
export function runMeasurement<K extends MeasurementKind>(
  request: MeasureRequest<K>,
): Promise<MeasurementResult<K>> {
  return measurements[request.kind](request.file, request.options);
}
