import { countOf } from "@iqf/core";
import { escapeHtml, PAGE_STYLE } from "./escape.js";

/** A shape drawn over a thumbnail, in the original image's pixel coordinates. */
export type OverlayShape =
  | {
      readonly kind: "rect";
      readonly x: number;
      readonly y: number;
      readonly width: number;
      readonly height: number;
      readonly label: string;
    }
  | { readonly kind: "polygon"; readonly points: readonly number[]; readonly label: string };

/** One tile of the preview grid. */
export interface PreviewTile {
  /** Image file name, shown as the caption. */
  readonly name: string;
  /** Thumbnail as a data URI. */
  readonly dataUri: string;
  /** Original width in pixels (the overlay's coordinate space). */
  readonly width: number;
  /** Original height in pixels. */
  readonly height: number;
  /** Boxes and polygons to draw over the image. */
  readonly shapes: readonly OverlayShape[];
}

/** Everything the image preview page shows. */
export interface ImagePreview {
  /** Page title, e.g. the dataset name. */
  readonly title: string;
  /** One line under the title, e.g. how the sample was drawn. */
  readonly description: string;
  /** The tiles, in display order. */
  readonly tiles: readonly PreviewTile[];
  /** Sampled images that could not be thumbnailed, with the reason (left out of `tiles`). */
  readonly skipped?: readonly { readonly name: string; readonly reason: string }[];
}

const PALETTE = [
  "#e6194b",
  "#3cb44b",
  "#ffe119",
  "#4363d8",
  "#f58231",
  "#911eb4",
  "#46f0f0",
  "#f032e6",
  "#bcf60c",
  "#fabebe",
];

/** A stable colour per label. */
function colourOf(label: string): string {
  let hash = 0;
  for (let i = 0; i < label.length; i++) hash = (hash * 31 + label.charCodeAt(i)) >>> 0;
  return PALETTE[hash % PALETTE.length]!;
}

/** Formats a coordinate compactly for SVG. */
function coordinate(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** The SVG overlay of one tile; its viewBox is the original image size so shapes need no scaling. */
function overlaySvg(tile: PreviewTile): string {
  const shapes = tile.shapes
    .map((shape) => {
      const colour = colourOf(shape.label);
      const title = `<title>${escapeHtml(shape.label)}</title>`;
      if (shape.kind === "rect") {
        return `<rect class="box" x="${coordinate(shape.x)}" y="${coordinate(shape.y)}" width="${coordinate(shape.width)}" height="${coordinate(shape.height)}" stroke="${colour}">${title}</rect>`;
      }
      const points: string[] = [];
      for (let i = 0; i + 1 < shape.points.length; i += 2) {
        points.push(`${coordinate(shape.points[i]!)},${coordinate(shape.points[i + 1]!)}`);
      }
      return `<polygon class="shape" points="${points.join(" ")}" stroke="${colour}" fill="${colour}">${title}</polygon>`;
    })
    .join("");
  return `<svg class="overlay" viewBox="0 0 ${tile.width} ${tile.height}" preserveAspectRatio="none" xmlns="http://www.w3.org/2000/svg">${shapes}</svg>`;
}

/**
 * A self-contained HTML page (inline CSS, thumbnails as data URIs, no network, no script) with a
 * grid of thumbnails and their annotations drawn as SVG overlays. All text is escaped.
 */
export function imagePreviewHtml(preview: ImagePreview): string {
  const tiles = preview.tiles
    .map(
      (tile) => `<figure class="tile">
<div class="frame" style="aspect-ratio:${tile.width}/${tile.height}"><img src="${tile.dataUri}" alt="${escapeHtml(tile.name)}">${overlaySvg(tile)}</div>
<figcaption>${escapeHtml(tile.name)} · ${tile.width}×${tile.height} · ${countOf(tile.shapes.length, "annotation")}</figcaption>
</figure>`,
    )
    .join("\n");
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(preview.title)} — image preview</title>
<style>${PAGE_STYLE}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:1rem}
.tile{margin:0;background:#fff;border:1px solid #d8dde6;padding:.5rem}
.frame{position:relative;width:100%}
.frame img,.frame svg{position:absolute;inset:0;width:100%;height:100%}
.frame img{object-fit:fill;image-rendering:auto}
.overlay .box,.overlay .shape{stroke-width:2;vector-effect:non-scaling-stroke}
.overlay .box{fill:none}.overlay .shape{fill-opacity:.18}
figcaption{font-size:.8rem;color:#5a6372;margin-top:.35rem;overflow-wrap:anywhere}
</style></head>
<body>
<h1>${escapeHtml(preview.title)} — image preview</h1>
<p class="meta">${escapeHtml(preview.description)}</p>
<div class="grid">
${tiles}
</div>
</body></html>
`;
}
