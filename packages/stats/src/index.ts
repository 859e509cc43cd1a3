export type { AnnotationFile, CocoFile, GeojsonCrs, GeojsonFeature, GeojsonFile, ReadAnnotationOptions } from "./annotation-file.js";
export { DEFAULT_MAX_ANNOTATION_BYTES, parseGeojsonCrs, readAnnotationFile } from "./annotation-file.js";
export type { AreaCoverage } from "./coco-stats.js";
export {
  cocoAreaCoverage,
  cocoBboxAreaHisto,
  cocoBboxAspectRatioHisto,
  cocoClassHisto,
  cocoImagesAreaHisto,
  cocoImagesAspectRatioHisto,
  cocoImagesStats,
  cocoStatsEntries,
} from "./coco-stats.js";
export type { PolygonRings, Ring } from "./geometry.js";
export {
  boxRing,
  compactness,
  convexHullRing,
  minimumRotatedRectangle,
  polygonArea,
  polygonLength,
  polygonsCentroid,
  rectangleStats,
  ringSignedArea,
} from "./geometry.js";
export type { GeojsonColumns } from "./geojson-stats.js";
export { featurePolygons, geojsonColumns, geojsonSummary } from "./geojson-stats.js";
export type { BasicStats, Histogram, NumberList } from "./numeric.js";
export { basicStats, numpyHistogram, pairwiseSum } from "./numeric.js";
export type {
  ClassHistoStats,
  FileStatsEntry,
  GeojsonStatsKey,
  ImageSizeStats,
  MaskStatsEntry,
  StatsEntry,
  ValuesHistogram,
} from "./stats-types.js";
export { GEOJSON_STATS_KEYS } from "./stats-types.js";
