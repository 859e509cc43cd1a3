import type { ExternalErrorCode, IqfErrorCode } from "./error-codes.js";
import type { ParamProblem } from "./modifier.js";

/**
 * Base class of every error iqf throws on purpose. `code` is stable across releases so that
 * callers can branch on it; `message` names the file, field or value at fault and the fix.
 * Plugins may throw it (or a subclass) too, with a namespaced {@link ExternalErrorCode}.
 */
export class IqfError extends Error {
  /** Stable, machine-readable error code, e.g. `DATASET_NOT_FOUND`; `scope:CODE` when not iqf's. */
  readonly code: IqfErrorCode | ExternalErrorCode;

  /**
   * @param code - stable machine-readable code: one of iqf's, or `scope:CODE` from a plugin.
   * @param message - human-readable explanation naming what is wrong and how to fix it.
   * @param options - standard `ErrorOptions` (e.g. `cause`).
   */
  constructor(code: IqfErrorCode | ExternalErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A dataset folder (or a path that should be one) does not exist or holds no images. */
export class DatasetNotFound extends IqfError {
  /** Path that was looked at. */
  readonly path: string;

  /**
   * @param path - the dataset path that was looked at.
   * @param detail - what exactly is missing, appended to the message.
   */
  constructor(path: string, detail = "the folder does not exist") {
    super("DATASET_NOT_FOUND", `Dataset not found at ${path}: ${detail}`);
    this.path = path;
  }
}

/** Ground-truth annotations were required but none were found. */
export class AnnotationsNotFound extends IqfError {
  /** Path that was looked at. */
  readonly path: string;

  /**
   * @param path - the dataset folder or annotation path that was looked at.
   * @param detail - what exactly is missing, appended to the message.
   */
  constructor(path: string, detail = "no COCO *.json or *.geojson annotation file was found") {
    super("ANNOTATIONS_NOT_FOUND", `Annotations not found at ${path}: ${detail}`);
    this.path = path;
  }
}

/** Options or parameters given to a public API or CLI command are invalid. */
export class InvalidParams extends IqfError {
  /**
   * @param subject - what the parameters belong to, e.g. `jpg modifier`.
   * @param problems - one line per problem, each naming the parameter.
   */
  constructor(
    readonly subject: string,
    readonly problems: readonly string[],
  ) {
    super("INVALID_PARAMS", `Invalid parameters for ${subject}: ${problems.join("; ")}`);
  }
}

/**
 * A modifier's params cannot work for a dataset (found by `Modifier.checkDataset` before any
 * image is modified): e.g. `quant` with `bits: 9` on 8-bit images.
 */
export class ParamsDoNotFit extends InvalidParams {
  /**
   * @param modifier - the modifier's name, e.g. `quant9_modifier`.
   * @param dataset - the dataset's root folder.
   * @param paramProblems - one entry per param that cannot work.
   */
  constructor(
    readonly modifier: string,
    readonly dataset: string,
    readonly paramProblems: readonly ParamProblem[],
  ) {
    super(
      `${modifier} on ${dataset}`,
      paramProblems.map(({ param, message }) => `${param}: ${message}`),
    );
  }
}

/** A file could not be parsed or decoded (image, JSON, YAML, ...). */
export class InvalidFile extends IqfError {
  /**
   * @param file - path of the offending file.
   * @param reason - what is wrong, ideally with the JSON path / line and the fix.
   * @param options - standard `ErrorOptions` (e.g. `cause`).
   */
  constructor(
    readonly file: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super("INVALID_FILE", `${file}: ${reason}`, options);
  }
}

/** An annotation file parses as JSON but is neither COCO (`images`/`annotations` lists) nor a GeoJSON FeatureCollection. */
export class UnrecognisedAnnotations extends IqfError {
  /**
   * @param file - the annotation file.
   * @param detail - what was found instead.
   */
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(
      "ANNOTATIONS_UNRECOGNISED",
      `${file}: neither COCO nor GeoJSON (${detail}); a COCO file needs "images" and "annotations" lists, a GeoJSON file must be a FeatureCollection`,
    );
  }
}

/** An annotation file is larger than the configured limit (refused before it is read). */
export class AnnotationsTooLarge extends IqfError {
  /**
   * @param file - the annotation file.
   * @param bytes - its size.
   * @param limit - the limit in bytes.
   */
  constructor(
    readonly file: string,
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(
      "ANNOTATIONS_TOO_LARGE",
      `${file}: the file is ${(bytes / 2 ** 20).toFixed(1)} MiB, above the ${(limit / 2 ** 20).toFixed(1)} MiB limit for annotation files; ` +
        "split it or raise the limit (maxAnnotationBytes / --max-annotation-mb) if the file is genuine",
    );
  }
}
