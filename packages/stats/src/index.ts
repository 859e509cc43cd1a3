export type { CocoAnnotation, CocoCategory, CocoFile, CocoId, CocoImage } from "@iqf/coco";
export type {
  AnnotationFile,
  GeojsonFeature,
  GeojsonFile,
  GeojsonGeometry,
  LinearRing,
} from "./annotation-file.js";
export { loadAnnotationFile } from "./annotation-file.js";
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
export type { DatasetFiles, DsStatsSource } from "./dataset-source.js";
export { resolveDataset } from "./dataset-source.js";
export type { DsStatsOptions, StatsOutputs, StatsResult } from "./ds-stats.js";
export { DsStats } from "./ds-stats.js";
export type { GeojsonColumns } from "./geojson-stats.js";
export { featurePolygons, geojsonColumns, geojsonSummary } from "./geojson-stats.js";
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
export type { AnnotationTable, TableColumn } from "./html/annotation-summary.js";
export { annotationSummaryHtml } from "./html/annotation-summary.js";
export { escapeHtml, jsonForScript } from "./html/escape.js";
export type { ImagePreview, OverlayShape, PreviewTile } from "./html/image-preview.js";
export { imagePreviewHtml } from "./html/image-preview.js";
export type { ImageSize } from "./image-sizes.js";
export { readImageSize, readImageSizes } from "./image-sizes.js";
export { maskCoverage } from "./mask-coverage.js";
export type { BasicStats, Histogram, NumberList } from "./numeric.js";
export { basicStats, numpyHistogram } from "./numeric.js";
export { deterministicSample } from "./sample.js";
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
