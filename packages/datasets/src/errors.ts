import { countOf, IqfError } from "@iqf/core";

/** Several sub-folders of a dataset could be its images folder; the caller must pick one. */
export class AmbiguousImagesFolder extends IqfError {
  /**
   * @param root - the dataset folder.
   * @param candidates - every sub-folder that could hold the images, sorted.
   */
  constructor(
    readonly root: string,
    readonly candidates: readonly string[],
  ) {
    super(
      "AMBIGUOUS_IMAGES_FOLDER",
      `Dataset ${root} has ${candidates.length} folders that could hold the images (${candidates.join(", ")}); pass imagesDir (--images on the command line) to choose one, or move the others out`,
    );
  }
}

/**
 * A modifier failed on every image of a dataset, so nothing was written (no empty or partial
 * `<dataset>#<modifier>` folder is left behind).
 */
export class NoImageModified extends IqfError {
  /**
   * @param modifier - the modifier's name, e.g. `command_modifier`.
   * @param dataset - the source dataset's root folder.
   * @param failed - every image with its reason (the first is quoted in the message).
   */
  constructor(
    readonly modifier: string,
    readonly dataset: string,
    readonly failed: readonly { readonly file: string; readonly error: string }[],
  ) {
    const first = failed[0];
    super(
      "NO_IMAGE_MODIFIED",
      `${modifier} failed on every image of ${dataset} (${countOf(failed.length, "image")}; first: ${first?.file}: ${first?.error}); nothing was written`,
    );
  }
}
