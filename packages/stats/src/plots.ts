import { join } from "node:path";
import { writeFileAtomic } from "@iqf/core";
import {
  type ChartSpec,
  histogramChart,
  horizontalBarChart,
  renderSvg,
  roseChart,
  scatterChart,
  svgToPng,
} from "@iqf/visual";
import type { GeojsonColumns } from "./geojson-stats.js";
import { numpyHistogram } from "./numeric.js";
import type { FileStatsEntry, MaskStatsEntry } from "./stats-types.js";

/** A chart to write, named without extension. */
export interface PlotJob {
  /** File name without extension (iquaflow's names). */
  readonly name: string;
  /** The vega-lite spec. */
  readonly spec: ChartSpec;
}

/** File-name suffix, title and axis title of each COCO histogram (iquaflow's names and titles). */
const COCO_HISTOGRAMS = {
  bbox_aspect_ratio_histo: {
    suffix: "bbox_aspect_ratio_histo",
    title: "Bounding Box Aspect Ratios",
    xTitle: "aspect ratio (width / height)",
  },
  images_aspect_ratio_histo: {
    suffix: "imgs_aspect_ratio_histo",
    title: "Images Aspect Ratios",
    xTitle: "aspect ratio (width / height)",
  },
  bbox_area_histo: { suffix: "bbox_area_histo", title: "Bounding Box Areas", xTitle: "area (pixels)" },
  images_area_histo: { suffix: "imgs_area_histo", title: "Image Areas", xTitle: "area (pixels)" },
} as const;

/** The six COCO charts (class balance, class area coverage, four histograms), named `<file>_…`. */
export function cocoPlots(fileName: string, entries: readonly FileStatsEntry[]): PlotJob[] {
  const jobs: PlotJob[] = [];
  for (const entry of entries) {
    switch (entry.obj) {
      case "class_histo":
        jobs.push({
          name: `${fileName}_class_histo`,
          spec: horizontalBarChart({
            labels: entry.stats.cat_names,
            values: entry.stats.cat_tags_count,
            title: `${fileName} class balance`,
            xTitle: "Tags count",
          }),
        });
        break;
      case "area_coverage_by_class":
        jobs.push({
          name: `${fileName}_class_area_histo`,
          spec: horizontalBarChart({
            labels: Object.keys(entry.stats),
            values: Object.values(entry.stats),
            title: `${fileName} class area coverage`,
            xTitle: "Mean fraction of the image area",
          }),
        });
        break;
      case "bbox_aspect_ratio_histo":
      case "images_aspect_ratio_histo":
      case "bbox_area_histo":
      case "images_area_histo": {
        const { suffix, title, xTitle } = COCO_HISTOGRAMS[entry.obj];
        jobs.push({
          name: `${fileName}_${suffix}`,
          spec: histogramChart({
            binEdges: entry.stats.bin_edges,
            counts: entry.stats.ar_counts,
            title,
            xTitle,
          }),
        });
        break;
      }
      default:
        break;
    }
  }
  return jobs;
}

/** A 10-bin numpy histogram chart of one GeoJSON column. */
function columnHistogram(column: Float64Array, title: string, xTitle: string): ChartSpec {
  const { binEdges, counts } = numpyHistogram(column);
  return histogramChart({ binEdges, counts, title, xTitle });
}

/**
 * The GeoJSON charts with iquaflow's names: box and rotated-box width/height scatters, area,
 * rotated area, box area and compactness histograms, the rose of rotated-box angles (in
 * degrees over the full circle) and the centroid scatter iquaflow never drew.
 */
export function geojsonPlots(columns: GeojsonColumns, unit: string): PlotJob[] {
  const area = `area (${unit}²)`;
  return [
    {
      name: "Bounding Box HW",
      spec: scatterChart({
        x: columns.bbx_width,
        y: columns.bbx_high,
        title: "Bounding Box HW",
        xTitle: "width",
        yTitle: "high",
      }),
    },
    {
      name: "rotatedHW",
      spec: scatterChart({
        x: columns.rwidth,
        y: columns.rhigh,
        title: "Rotated HW",
        xTitle: "rwidth",
        yTitle: "rhigh",
      }),
    },
    { name: "area_origgeom_hist", spec: columnHistogram(columns.area, "Area of the original geom", area) },
    {
      name: "rotated_area_hist",
      spec: columnHistogram(columns.rarea, "Area of the rotated bounding box", area),
    },
    { name: "bbx_area_hist", spec: columnHistogram(columns.bbx_area, "Area of the bounding box", area) },
    {
      name: "compactness_hist",
      spec: columnHistogram(columns.compactness, "Compactness", "4π·area / perimeter²"),
    },
    {
      name: "rangle_polarhist",
      spec: roseChart({ anglesDegrees: columns.rangle, title: "Polar histogram of the rotated angles" }),
    },
    {
      name: "centroids",
      spec: scatterChart({
        x: columns.x,
        y: columns.y,
        title: "Centroids distribution",
        xTitle: "centroid X",
        yTitle: "centroid Y",
      }),
    },
  ];
}

/** The class area chart of a mask folder, in percent. */
export function maskPlots(entry: MaskStatsEntry): PlotJob[] {
  return [
    {
      name: `${entry.mask_dir}_class_area_histo`,
      spec: horizontalBarChart({
        labels: Object.keys(entry.stats),
        values: Object.values(entry.stats),
        title: `${entry.mask_dir} class area coverage`,
        xTitle: "% Area coverage",
      }),
    },
  ];
}

/** Renders a chart once and writes it as `<name>.svg` and `<name>.png` in `folder`; returns both paths. */
export async function writePlot(job: PlotJob, folder: string): Promise<string[]> {
  const svg = await renderSvg(job.spec);
  const svgPath = await writeFileAtomic(join(folder, `${job.name}.svg`), svg);
  const pngPath = await writeFileAtomic(join(folder, `${job.name}.png`), await svgToPng(svg));
  return [svgPath, pngPath];
}
