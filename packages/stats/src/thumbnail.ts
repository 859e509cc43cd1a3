import { InvalidFile } from "@iqf/core";
import { ImageTooLarge, openImageFile } from "@iqf/datasets";
import sharp from "sharp";

/** A small JPEG rendition of an image, with the original size. */
export interface Thumbnail {
  /** `data:image/jpeg;base64,…` URI of the thumbnail. */
  readonly dataUri: string;
  /** Original width in pixels. */
  readonly width: number;
  /** Original height in pixels. */
  readonly height: number;
}

/**
 * Stretches 16-bit samples to 8 bits between the 0.5th and 99.5th percentiles (zeros, the
 * usual nodata, are left out), so dark 12-bit satellite data becomes visible.
 */
function stretchTo8Bit(samples: Uint16Array): Uint8Array {
  const histogram = new Uint32Array(65536);
  let counted = 0;
  for (let i = 0; i < samples.length; i++) {
    const value = samples[i]!;
    if (value > 0) {
      histogram[value]!++;
      counted++;
    }
  }
  let low = 0;
  let high = 65535;
  let seen = 0;
  for (let v = 0; v < 65536; v++) {
    seen += histogram[v]!;
    if (seen > counted * 0.005) {
      low = v;
      break;
    }
  }
  seen = 0;
  for (let v = 65535; v >= 0; v--) {
    seen += histogram[v]!;
    if (seen > counted * 0.005) {
      high = v;
      break;
    }
  }
  const scale = 255 / Math.max(1, high - low);
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    out[i] = Math.max(0, Math.min(255, Math.round((samples[i]! - low) * scale)));
  }
  return out;
}

/**
 * Makes a JPEG thumbnail that fits in `size`×`size` pixels. 16-bit images are read at full
 * depth (grey or RGB) and contrast-stretched to 8 bits.
 */
export async function makeThumbnail(path: string, size: number): Promise<Thumbnail> {
  try {
    const source = await openImageFile(path);
    const metadata = await source.metadata();
    const width = metadata.width ?? 0;
    const height = metadata.height ?? 0;
    let image: sharp.Sharp;
    if (metadata.depth === "ushort") {
      const space = metadata.space === "rgb16" ? "rgb16" : "grey16";
      const { data, info } = await source
        .pipelineColourspace(space)
        .toColourspace(space)
        .raw({ depth: "ushort" })
        .toBuffer({ resolveWithObject: true });
      const samples = new Uint16Array(data.buffer, data.byteOffset, data.byteLength / 2);
      const channels = info.channels as 1 | 2 | 3 | 4;
      image = sharp(stretchTo8Bit(samples), { raw: { width: info.width, height: info.height, channels } });
    } else {
      image = source;
    }
    const buffer = await image
      .resize(size, size, { fit: "inside", withoutEnlargement: false })
      .toColourspace("srgb")
      .jpeg({ quality: 82 })
      .toBuffer();
    return { dataUri: `data:image/jpeg;base64,${buffer.toString("base64")}`, width, height };
  } catch (error) {
    if (error instanceof ImageTooLarge) throw error;
    throw new InvalidFile(path, `cannot make a thumbnail: ${(error as Error).message}`, { cause: error });
  }
}
