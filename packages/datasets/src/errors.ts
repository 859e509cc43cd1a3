import { IqfError } from "@iqf/core";

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
