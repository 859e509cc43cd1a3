import type {
  DatasetHeaders,
  ModifiedImage,
  Modifier,
  ModifyContext,
  ParamProblem,
  Params,
  SourceImage,
} from "@iqf/core";
import { encodeRaster, withDecodedJpegTurbo } from "@iqf/datasets";
import { z } from "zod";
import { describeMisfits } from "./dataset-fit.js";
import { modifierName, transformFast, transformRaster } from "./image-transform.js";
import { constantBytes } from "./kernels/constant-operand.js";
import { keepTopBits, topBitsMask } from "./kernels/quantize.js";
import { wasmKeepTopBits8InPlace } from "./kernels/wasm-quantize.js";
import { parseParams, pyNumberParam, type RawParams } from "./params.js";
import { MODIFIERS_PRODUCER } from "./producer.js";

/** zod schema of the {@link QuantModifier} params. */
export const quantParamsSchema = z.strictObject({
  bits: pyNumberParam({ integer: true, min: 1, max: 16 }).prefault(4).describe("bits kept per sample"),
});

/** Parameters of {@link QuantModifier}. */
export interface QuantParams {
  /** Bits kept per sample: 1–8 for 8-bit images, 1–16 for 16-bit ones. Default 4. */
  readonly bits?: number | string;
}

/**
 * Bit-depth reduction (iquaflow's `DSModifier_quant`): keeps the top `bits` bits of every sample
 * and zeroes the others, for 8-bit and 16-bit data (a PNG's alpha band is kept). Name
 * `quant<bits>_modifier`. A 16-bit image keeps its 16-bit container.
 */
export class QuantModifier implements Modifier {
  /** @inheritDoc */
  readonly name: string;
  /** @inheritDoc */
  readonly params: Params;
  /** @inheritDoc */
  readonly producer = MODIFIERS_PRODUCER;
  private readonly bits: number;

  /** @param params - see {@link QuantParams}; invalid values throw `InvalidParams`. */
  constructor(params: QuantParams = {}) {
    const parsed = parseParams("quant modifier", quantParamsSchema, params as RawParams);
    this.bits = parsed.bits.value;
    this.name = modifierName("quant", parsed.bits);
    this.params = { bits: this.bits };
  }

  /**
   * Refuses `bits` above the bit depth of any image (e.g. `bits: 9` on 8-bit images). Up to 8 bits
   * fit every image iqf reads (8- and 16-bit samples), so no header is read then.
   */
  async checkDataset(dataset: DatasetHeaders): Promise<readonly ParamProblem[]> {
    if (this.bits <= 8) return [];
    const headers = await dataset.images();
    const depthOf = (sampleType: string | undefined) =>
      sampleType === "uint8" ? 8 : sampleType === "uint16" ? 16 : undefined;
    const misfits = headers.filter((header) => {
      const depth = depthOf(header.sampleType);
      return depth !== undefined && this.bits > depth;
    });
    if (misfits.length === 0) return [];
    const depth = Math.min(...misfits.map((header) => depthOf(header.sampleType)!));
    return [
      {
        param: "bits",
        message: `must be at most ${depth} for ${depth}-bit images (${describeMisfits(misfits, headers.length)}); got ${this.bits}, use 1 to ${depth}`,
      },
    ];
  }

  /** @inheritDoc */
  async modifyImage(image: SourceImage, _context?: ModifyContext): Promise<ModifiedImage> {
    // Baseline JPEG: libjpeg-turbo on libuv threads and the AND on this thread, over the decode's
    // own (reused) memory — a pure codec pass, cheaper without a worker thread in between.
    if (this.bits <= 8 && image.format === "jpeg") {
      const encoded = await withDecodedJpegTurbo(await image.read(), async (raster) => {
        await wasmKeepTopBits8InPlace(raster.data as Uint8Array, this.bits);
        return encodeRaster(raster, { format: "jpeg" });
      });
      if (encoded) return { encoded };
    }
    // Other 8-bit grey/RGB JPEG and PNG: a bitwise AND with a constant mask image inside libvips.
    const fast =
      this.bits <= 8
        ? await transformFast(this.name, image, "quantize", { bits: this.bits }, (open, header) => {
            const { width, height, channels } = header;
            const mask = constantBytes(width * height * channels, topBitsMask(this.bits, 8));
            return open().boolean(mask, "and", { raw: { width, height, channels } });
          })
        : undefined;
    return (
      fast ?? transformRaster(this.name, image, (raster, bands) => keepTopBits(raster, this.bits, bands))
    );
  }
}
