import type { DatasetLayout } from "./dataset.js";
import type { Params } from "./params.js";
import type { Raster, SampleType } from "./raster.js";

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

/** What an image's header says, read without decoding its pixels. */
export interface ImageHeader {
  /** Path relative to the images folder, with `/` separators. */
  readonly relativePath: string;
  /** Container format. */
  readonly format: ImageFormat;
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
  /** Bands per pixel (an alpha band included). */
  readonly channels: number;
  /** Sample type the image decodes to; absent when it is none iqf decodes (e.g. 32-bit integers). */
  readonly sampleType?: SampleType;
}

/** A dataset as {@link Modifier.checkDataset} sees it: its layout and, on request, its image headers. */
export interface DatasetHeaders {
  /** Where the dataset's parts are. */
  readonly layout: DatasetLayout;
  /**
   * The headers of its images, in the pipeline's order, read on the first call. Images whose
   * header cannot be read are left out (they fail later, each with its own reason).
   */
  images(): Promise<readonly ImageHeader[]>;
}

/** A parameter value that cannot work for a whole dataset. */
export interface ParamProblem {
  /** The parameter as the user writes it, e.g. `bits`. */
  readonly param: string;
  /** What is wrong and what would work, e.g. `must be at most 8 for 8-bit images; got 9`. */
  readonly message: string;
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
  /**
   * Optional check of the params against the dataset, before any image is modified and before
   * any output folder is created: one {@link ParamProblem} per param that cannot work for it
   * (e.g. `quant` with `bits: 9` on 8-bit images), or none. The pipeline then refuses the whole
   * modification at once (`ParamsDoNotFit`) instead of failing every image.
   */
  checkDataset?(dataset: DatasetHeaders): Promise<readonly ParamProblem[]>;
  /** Optional one-time preparation with the source dataset (e.g. measuring it) before any image. */
  prepare?(dataset: DatasetLayout): Promise<void>;
  /** Transforms one image. Must not modify the source file. */
  modifyImage(image: SourceImage, context: ModifyContext): Promise<ModifiedImage>;
}
