import type { Params } from "./params.js";

/**
 * Where the parts of a dataset are, as discovered by `DsWrapper` (`@iqf/datasets`).
 * Paths are kept as the caller gave them (joined, not resolved).
 */
export interface DatasetLayout {
  /** Dataset root folder. */
  readonly root: string;
  /** Dataset name: the root folder's base name, e.g. `ds_coco_dataset#jpg85_modifier`. */
  readonly name: string;
  /** Folder holding the images. */
  readonly imagesDir: string;
  /** COCO ground-truth file, when present. */
  readonly cocoAnnotations?: string;
  /** GeoJSON ground-truth file, when present. */
  readonly geojsonAnnotations?: string;
  /** Raster-mask folder (`<images folder>_mask`), when present. */
  readonly masksDir?: string;
  /** Dataset params: `ds_name` first, then the params of the modifiers that produced it. */
  readonly params: Params;
}
