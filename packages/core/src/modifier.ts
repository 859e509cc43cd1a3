import type { DatasetLayout } from "./dataset.js";
import type { Params } from "./params.js";
import type { Raster } from "./raster.js";

/** Container format of an image file, decided from its content or extension. */
export type ImageFormat = "jpeg" | "png" | "tiff";

/** One image of the source dataset, handed to a modifier. */
export interface SourceImage {
  /** Absolute path of the source file (never to be written). */
  readonly path: string;
  /** Path relative to the images folder, with `/` separators. */
  readonly relativePath: string;
  /** Container format of the source file; a raster result is written back in this format. */
  readonly format: ImageFormat;
  /** Reads the file's bytes. */
  read(): Promise<Uint8Array>;
  /** Decodes the file into a raster (bit depth and bands kept); the result is cached. */
  decode(): Promise<Raster>;
}

/**
 * What a modifier returns for one image:
 * - `raster`: new samples; the pipeline encodes them in the source's format and keeps its
 *   metadata (e.g. GeoTIFF georeferencing);
 * - `encoded`: bytes already encoded in the source's format (e.g. a single JPEG encode);
 * - `file`: a file the modifier wrote inside `ModifyContext.workDir`, moved into place.
 */
export type ModifiedImage =
  | { readonly raster: Raster }
  | { readonly encoded: Uint8Array }
  | { readonly file: string };

/** Per-image context given to {@link Modifier.modifyImage}. */
export interface ModifyContext {
  /** Index of the image in the dataset's sorted image list (stable; use it to seed randomness). */
  readonly index: number;
  /** A private, empty scratch folder for this image, removed afterwards. */
  readonly workDir: string;
  /** Aborted when the whole modification is cancelled. */
  readonly signal?: AbortSignal;
}

/**
 * A dataset modifier: transforms every image of a dataset. This interface is all a
 * third-party modifier needs; the pipeline in `@iqf/datasets` handles discovery, naming,
 * caching, parallelism, atomic output and copying the annotations.
 */
export interface Modifier {
  /** Folder suffix after `#`, e.g. `jpg85_modifier` (iquaflow's naming). */
  readonly name: string;
  /** Parameters recorded as dataset params, e.g. `{ quality: 85 }`. */
  readonly params: Params;
  /**
   * The package and version whose code produces the images, e.g. `@iqf/modifiers@0.2.0`. A
   * modified dataset is reused only when it was produced by the same package version, so an
   * upgrade recomputes instead of reusing output of older code. Omitted: only the params and the
   * pipeline's own version decide reuse.
   */
  readonly producer?: string;
  /**
   * `true` for an identity modifier (e.g. `none`): it leaves every image unchanged, so the dataset
   * pipeline skips its step and uses the source dataset itself, writing no copy.
   */
  readonly identity?: boolean;
  /** Optional one-time preparation with the source dataset (e.g. measuring it) before any image. */
  prepare?(dataset: DatasetLayout): Promise<void>;
  /** Transforms one image. Must not modify the source file. */
  modifyImage(image: SourceImage, context: ModifyContext): Promise<ModifiedImage>;
}
