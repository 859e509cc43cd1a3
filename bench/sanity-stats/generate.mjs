// Deterministic synthetic datasets for bench/sanity-stats, written once into bench/.data/sanity-stats:
// coco/ — 5,000 images (64×64 PNGs, 16 distinct ones reused) and 100,000 polygon annotations
//         (20 per image, 80 categories), with a few hundred broken entries on purpose;
// geo/  — 1,000 images and a GeoJSON (UTM 16N) with 50,000 polygons, 2 % of them invalid
//         (bow-ties, spikes, unclosed rings, self-touching rings).
// SCALE_SIZES (bench/.data/sanity-stats-scale): the COCO set at 20,000 images and 500,000 annotations.
import { existsSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import sharp from "sharp";

/** Sizes of the default sets. */
export const SIZES = { cocoImages: 5_000, cocoAnnotations: 100_000, geoImages: 1_000, geoFeatures: 50_000 };
/** Sizes of the `--scale` sets (no GeoJSON set). */
export const SCALE_SIZES = { cocoImages: 20_000, cocoAnnotations: 500_000, geoImages: 0, geoFeatures: 0 };
const SIZE = 64;
const VERSION = "1";

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function pngVariants(count) {
  const random = rng(11);
  const variants = [];
  for (let v = 0; v < count; v++) {
    const pixels = Buffer.alloc(SIZE * SIZE * 3);
    for (let i = 0; i < pixels.length; i++) pixels[i] = Math.floor(random() * 256);
    variants.push(
      await sharp(pixels, { raw: { width: SIZE, height: SIZE, channels: 3 } })
        .png()
        .toBuffer(),
    );
  }
  return variants;
}

async function writeImages(folder, names, variants) {
  await mkdir(folder, { recursive: true });
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < names.length; i = next++)
      await writeFile(join(folder, names[i]), variants[i % variants.length]);
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

/** A star-shaped simple polygon around (cx, cy) with n vertices, radius up to r. */
function starRing(random, cx, cy, r, n) {
  const ring = [];
  for (let k = 0; k < n; k++) {
    const angle = (2 * Math.PI * k) / n;
    const radius = r * (0.5 + 0.5 * random());
    ring.push([cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)]);
  }
  return ring;
}

const round2 = (v) => Math.round(v * 100) / 100;

function cocoDocument({ cocoImages: COCO_IMAGES, cocoAnnotations: COCO_ANNOTATIONS }) {
  const random = rng(3);
  const images = Array.from({ length: COCO_IMAGES }, (_, i) => ({
    id: i + 1,
    file_name: `img_${String(i + 1).padStart(5, "0")}.png`,
    width: SIZE,
    height: SIZE,
  }));
  const categories = Array.from({ length: 80 }, (_, i) => ({
    id: i + 1,
    name: `class${i + 1}`,
    supercategory: "thing",
  }));
  const annotations = [];
  for (let i = 0; i < COCO_ANNOTATIONS; i++) {
    const ring = starRing(
      random,
      12 + random() * 40,
      12 + random() * 40,
      4 + random() * 8,
      4 + Math.floor(random() * 5),
    ).map(([x, y]) => [round2(x), round2(y)]);
    const flat = ring.flat();
    const xs = ring.map((p) => p[0]);
    const ys = ring.map((p) => p[1]);
    let twice = 0;
    for (let k = 0; k < ring.length; k++) {
      const [x1, y1] = ring[k];
      const [x2, y2] = ring[(k + 1) % ring.length];
      twice += x1 * y2 - x2 * y1;
    }
    const minX = Math.min(...xs);
    const minY = Math.min(...ys);
    annotations.push({
      id: i + 1,
      image_id: (i % COCO_IMAGES) + 1,
      category_id: (i % 80) + 1,
      iscrowd: 0,
      segmentation: [flat],
      area: Math.abs(twice) / 2,
      bbox: [minX, minY, round2(Math.max(...xs) - minX), round2(Math.max(...ys) - minY)],
    });
  }
  // Broken on purpose: 1 in 500 annotations gets a bad box, area, category or image.
  for (let i = 0; i < COCO_ANNOTATIONS; i += 500) {
    const a = annotations[i];
    const kind = (i / 500) % 4;
    if (kind === 0) a.bbox = [a.bbox[0], -3, a.bbox[2], a.bbox[3]];
    else if (kind === 1) a.area = a.area * 3;
    else if (kind === 2) a.category_id = 999;
    else a.image_id = 999_999;
  }
  images.push({ ...images[0], id: COCO_IMAGES + 1 });
  return { info: { description: "iqf synthetic sanity/stats benchmark" }, images, annotations, categories };
}

function geoDocument({ geoImages: GEO_IMAGES, geoFeatures: GEO_FEATURES }) {
  const random = rng(5);
  const features = [];
  for (let i = 0; i < GEO_FEATURES; i++) {
    const tile = i % GEO_IMAGES;
    const x0 = 700_000 + (tile % 40) * 32;
    const y0 = 3_700_000 + Math.floor(tile / 40) * 32;
    let ring = starRing(
      random,
      x0 + 4 + random() * 24,
      y0 + 4 + random() * 24,
      1 + random() * 3,
      5 + Math.floor(random() * 8),
    );
    const broken = i % 50 === 7 ? Math.floor(i / 50) % 4 : -1;
    if (broken === 0) ring = [ring[0], ring[2], ring[1], ring[3]];
    else if (broken === 1) ring.splice(2, 0, [ring[1][0] + 3, ring[1][1]], ring[1]);
    else if (broken === 3) ring.splice(3, 0, ring[1]);
    const closedRing = broken === 2 ? ring : [...ring, ring[0]];
    features.push({
      type: "Feature",
      properties: { image_filename: `tile_${String(tile).padStart(4, "0")}.png`, class_id: i % 3 },
      geometry: { type: "Polygon", coordinates: [closedRing] },
    });
  }
  return {
    type: "FeatureCollection",
    crs: { type: "name", properties: { name: "urn:ogc:def:crs:EPSG::32616" } },
    features,
  };
}

/** Writes the datasets of `sizes` under `root` unless they are there already; returns their folders (`geo` undefined without one). */
export async function ensureDatasets(root, sizes = SIZES) {
  const coco = join(root, "coco");
  const geo = join(root, "geo");
  const stamp = join(root, `complete-v${VERSION}`);
  const folders = { coco, geo: sizes.geoImages > 0 ? geo : undefined };
  if (existsSync(stamp)) return folders;
  console.log("generating the synthetic datasets (once) ...");
  await rm(root, { recursive: true, force: true });
  const variants = await pngVariants(16);
  const cocoDoc = cocoDocument(sizes);
  await writeImages(
    join(coco, "images"),
    cocoDoc.images.slice(0, sizes.cocoImages).map((im) => im.file_name),
    variants,
  );
  await writeFile(join(coco, "annotations.json"), JSON.stringify(cocoDoc));
  if (folders.geo) {
    const tiles = Array.from({ length: sizes.geoImages }, (_, t) => `tile_${String(t).padStart(4, "0")}.png`);
    await writeImages(join(geo, "images"), tiles, variants);
    await writeFile(join(geo, "annots.geojson"), JSON.stringify(geoDocument(sizes)));
  }
  await writeFile(`${stamp}.tmp`, "");
  await rename(`${stamp}.tmp`, stamp);
  return folders;
}
