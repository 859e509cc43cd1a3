import { IqfError } from "@iqf/core";

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
