import type { ModifiedImage, Modifier, ModifyContext, Params, Raster, SourceImage } from "@iqf/core";
import { z } from "zod";
import { modifierName, transformRaster } from "./image-transform.js";
import { mapDataBands } from "./kernels/bands.js";
import { jpegRoundTrip, peakValue, reencodeJpeg, scaleFrom8Bit, scaleTo8Bit } from "./kernels/jpeg.js";
import { parseParams, pyNumberParam, type RawParams } from "./params.js";
import { MODIFIERS_PRODUCER } from "./producer.js";

/** zod schema of the {@link JpgModifier} params (the `jpg` type of experiment files and `iqf modify`). */
export const jpgParamsSchema = z.strictObject({
  quality: pyNumberParam({ integer: true, min: 1, max: 100 }).prefault(65).describe("JPEG quality"),
});

/** Parameters of {@link JpgModifier}. */
export interface JpgParams {
  /** JPEG quality, an integer from 1 to 100. Default 65 (iquaflow's). */
  readonly quality?: number | string;
}

/**
 * JPEG compression (iquaflow's `DSModifier_jpg`), with ONE encode at `quality` (iquaflow encodes
 * twice: at `quality`, then again at 95 when saving). Name `jpg<quality>_modifier`.
 * - JPEG sources: the file is re-encoded once and those bytes are the output.
 * - PNG/TIFF sources: encoded to JPEG and decoded in memory, and the pixels are written back in
 *   the source format (a PNG stays a PNG); a PNG's alpha band is kept unchanged; rasters that are
 *   neither grey nor RGB are compressed one band at a time.
 * - 16-bit sources: samples are mapped linearly from [0, image peak] to 8 bits, compressed, and
 *   mapped back to 16 bits, so the file stays 16-bit and nothing is clipped (the 8-bit step
 *   quantises, as a real JPEG would).
 */
export class JpgModifier implements Modifier {
  /** @inheritDoc */
  readonly name: string;
  /** @inheritDoc */
  readonly params: Params;
  /** @inheritDoc */
  readonly producer = MODIFIERS_PRODUCER;
  private readonly quality: number;

  /** @param params - see {@link JpgParams}; invalid values throw `InvalidParams`. */
  constructor(params: JpgParams = {}) {
    const parsed = parseParams("jpg modifier", jpgParamsSchema, params as RawParams);
    this.quality = parsed.quality.value;
    this.name = modifierName("jpg", parsed.quality);
    this.params = { quality: this.quality };
  }

  /** @inheritDoc */
  async modifyImage(image: SourceImage, _context?: ModifyContext): Promise<ModifiedImage> {
    if (image.format === "jpeg") return { encoded: await reencodeJpeg(await image.read(), this.quality) };
    return transformRaster(this.name, image, (raster, bands) =>
      mapDataBands(raster, bands < raster.channels, (data) => this.compress(data)),
    );
  }

  private async compress(raster: Raster): Promise<Raster> {
    if (raster.sampleType === "uint8") return jpegRoundTrip(raster, this.quality);
    if (raster.sampleType !== "uint16")
      throw new RangeError(`JPEG compression needs 8- or 16-bit samples, got ${raster.sampleType}`);
    const peak = peakValue(raster);
    return scaleFrom8Bit(await jpegRoundTrip(scaleTo8Bit(raster, peak), this.quality), peak);
  }
}
