import { AnnotationsNotFound, type DatasetLayout, InvalidParams, type Params, zodProblems } from "@iqf/core";
import { z } from "zod";
import { type DatasetPaths, discoverLayout, layoutFromPaths } from "./discover.js";
import { listImageFiles } from "./image-files.js";

/** Options of {@link DsWrapper.open}. */
export interface DsWrapperOptions extends DatasetPaths {
  /** Throw `AnnotationsNotFound` when the dataset has neither COCO nor GeoJSON annotations. */
  readonly requireAnnotations?: boolean;
}

const pathsShape = {
  imagesDir: z.string().min(1).optional(),
  cocoAnnotations: z.string().min(1).optional(),
  geojsonAnnotations: z.string().min(1).optional(),
  masksDir: z.string().min(1).optional(),
};
const openOptionsSchema = z.strictObject({ ...pathsShape, requireAnnotations: z.boolean().optional() });
const fromPathsSchema = z.strictObject({ ...pathsShape, imagesDir: z.string().min(1) });

function parseOptions<T>(schema: z.ZodType<T>, value: unknown, subject: string): T {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  throw new InvalidParams(subject, zodProblems(parsed.error.issues));
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * A dataset on disk: where its images, annotations and masks are, and the params logged with
 * experiments (`ds_name`, then the params of the modifiers that produced it). Immutable.
 * @example
 * ```ts
 * const ds = await DsWrapper.open("data/ds_coco_dataset");
 * ds.layout.imagesDir;       // "data/ds_coco_dataset/images"
 * ds.layout.cocoAnnotations; // "data/ds_coco_dataset/coco_annotations.json"
 * await ds.listImages();     // ["000000005802.jpg", ...]
 * ```
 */
export class DsWrapper {
  /** Where the dataset's parts are, and its params. */
  readonly layout: DatasetLayout;

  private constructor(layout: DatasetLayout) {
    this.layout = layout;
  }

  /**
   * Opens a dataset folder, discovering its parts by convention (see {@link DatasetPaths}).
   * @throws DatasetNotFound when the folder does not exist or holds no images folder with images.
   * @throws AmbiguousImagesFolder when several sub-folders hold images.
   * @throws AnnotationsNotFound when a given annotation file is missing, or none exists and
   * `requireAnnotations` is set.
   */
  static async open(path: string, options: DsWrapperOptions = {}): Promise<DsWrapper> {
    const { requireAnnotations, ...paths } = parseOptions(openOptionsSchema, options, "DsWrapper.open");
    const layout = await discoverLayout(path, withoutUndefined(paths));
    if (requireAnnotations && !layout.cocoAnnotations && !layout.geojsonAnnotations)
      throw new AnnotationsNotFound(path);
    return new DsWrapper(layout);
  }

  /**
   * Describes a dataset from explicit paths only; its root is the images folder's parent and
   * nothing is discovered.
   * @throws DatasetNotFound / AnnotationsNotFound naming the missing path.
   */
  static async fromPaths(paths: DatasetPaths & { readonly imagesDir: string }): Promise<DsWrapper> {
    const parsed = parseOptions(fromPathsSchema, paths, "DsWrapper.fromPaths");
    return new DsWrapper(await layoutFromPaths(withoutUndefined(parsed)));
  }

  /**
   * Wraps a layout that is already known (e.g. one returned by another wrapper) without reading
   * the disk.
   */
  static fromLayout(layout: DatasetLayout): DsWrapper {
    return new DsWrapper(layout);
  }

  /** Dataset params: `ds_name` first, then the params of the modifiers that produced it. */
  get params(): Params {
    return this.layout.params;
  }

  /** A copy of this wrapper with `extra` merged into its params (iquaflow's `set_log_parameters`). */
  withParams(extra: Params): DsWrapper {
    return new DsWrapper({ ...this.layout, params: { ...this.layout.params, ...extra } });
  }

  /** The annotation files present: COCO first, then GeoJSON. */
  annotationFiles(): string[] {
    return [this.layout.cocoAnnotations, this.layout.geojsonAnnotations].filter(
      (path): path is string => path !== undefined,
    );
  }

  /** Image files of the images folder (sub-folders included), relative to it, sorted. */
  listImages(): Promise<string[]> {
    return listImageFiles(this.layout.imagesDir);
  }
}
