import { IqfError } from "@iqf/core";

/** An annotation file parses but is neither COCO (`images`/`annotations` lists) nor a GeoJSON FeatureCollection. */
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
      `${file}: not COCO or GeoJSON (${detail}); a COCO file needs "images" and "annotations" lists, a GeoJSON file must be a FeatureCollection`,
    );
  }
}

/** A GeoJSON file declares a coordinate reference system that iqf does not know. */
export class UnknownCrs extends IqfError {
  /**
   * @param file - the GeoJSON file.
   * @param crs - the CRS as written in the file.
   */
  constructor(
    readonly file: string,
    readonly crs: string,
  ) {
    super(
      "CRS_UNKNOWN",
      `${file}: unknown coordinate reference system "${crs}" in the "crs" member; use EPSG:4326/CRS84 (longitude, latitude) or a projected EPSG code such as urn:ogc:def:crs:EPSG::32616`,
    );
  }
}

/** An annotation file is larger than the configured limit. */
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
      `${file}: ${bytes} bytes is more than the ${limit}-byte limit for annotation files; raise maxAnnotationBytes (--max-annotation-mb) if the file is genuine`,
    );
  }
}
