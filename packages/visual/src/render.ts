import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, extname } from "node:path";
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
 * extension (`.svg` or `.png`). Parent folders are created. Returns the path written.
 */
export async function writeChart(spec: ChartSpec, outputPath: string): Promise<string> {
  const extension = extname(outputPath).toLowerCase();
  if (extension !== ".svg" && extension !== ".png") {
    throw new Error(`Cannot write chart ${outputPath}: the file name must end in .svg or .png`);
  }
  const svg = await renderSvg(spec);
  const content = extension === ".svg" ? svg : await svgToPng(svg);
  await mkdir(dirname(outputPath), { recursive: true });
  const temporary = `${outputPath}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await writeFile(temporary, content);
    await rename(temporary, outputPath);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return outputPath;
}
