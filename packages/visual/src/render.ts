import { extname } from "node:path";
import { checkOutputParent, InvalidParams, writeFileAtomic } from "@iqf/core";
import sharp from "sharp";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/** A vega-lite specification (any top-level spec vega-lite accepts). */
export type ChartSpec = TopLevelSpec;

/** Renders a vega-lite spec to a standalone SVG document (headless, no browser). */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Rasterizes an SVG document to PNG through sharp (librsvg); `scale` multiplies the pixel size. */
export async function svgToPng(svg: string, scale = 2): Promise<Buffer> {
  return sharp(Buffer.from(svg), { density: 72 * scale })
    .flatten({ background: "#ffffff" })
    .png()
    .toBuffer();
}

/**
 * Renders a vega-lite spec and writes it atomically to `outputPath`; the format follows the
 * extension (`.svg` or `.png`). The folder must exist (a mistyped path is not created silently).
 * Returns the path written.
 * @throws InvalidParams for another extension; OutputFolderMissing for a missing folder.
 */
export async function writeChart(spec: ChartSpec, outputPath: string): Promise<string> {
  const extension = extname(outputPath).toLowerCase();
  if (extension !== ".svg" && extension !== ".png") {
    throw new InvalidParams("chart output", [
      `${outputPath}: the file name must end in .png or .svg (e.g. plot.png)`,
    ]);
  }
  await checkOutputParent(outputPath);
  const svg = await renderSvg(spec);
  return writeFileAtomic(outputPath, extension === ".svg" ? svg : await svgToPng(svg));
}
