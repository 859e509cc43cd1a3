import type {
  DatasetHeaders,
  ImageHeader,
  ModifiedImage,
  Modifier,
  ModifyContext,
  ParamProblem,
  Params,
  SourceImage,
} from "@iqf/core";
import { multiplyPyNumbers } from "@iqf/core";
import { MAX_PIXELS_ENV, maxImagePixels } from "@iqf/datasets";
import { z } from "zod";
import { describeMisfits } from "./dataset-fit.js";
import { modifierName, transformFast, transformRaster } from "./image-transform.js";
import { mapDataBands } from "./kernels/bands.js";
import { type ResampleKernel, resampleDownUp, resampleDownUpPipeline } from "./kernels/resample.js";
import { parseParams, pyNumberParam, type RawParams } from "./params.js";
import { MODIFIERS_PRODUCER } from "./producer.js";

/** Parameters of {@link GsdModifier}. */
export interface GsdParams {
  /** Resampling factor > 0: the image is reduced by `scale` and enlarged back. Default `1.0`. */
  readonly scale?: number | string;
  /** Ground-sample distance of the source in metres, > 0. Default `0.3`. */
  readonly resol?: number | string;
  /**
   * iquaflow's interpolation code or name: 0 `nearest`, 1 `lanczos`, 2 `bilinear` (default),
   * 3 `bicubic`. Codes 4 (box) and 5 (hamming) fail in iquaflow too and are refused.
   */
  readonly interpolation?: number | string;
}

const KERNELS: Readonly<Record<string, ResampleKernel>> = {
  "0": "nearest",
  nearest: "nearest",
  "1": "lanczos3",
  lanczos: "lanczos3",
  "2": "linear",
  bilinear: "linear",
  "3": "cubic",
  bicubic: "cubic",
  lanczos3: "lanczos3",
  linear: "linear",
  cubic: "cubic",
};
const CODES: Readonly<Record<ResampleKernel, number>> = { nearest: 0, lanczos3: 1, linear: 2, cubic: 3 };

const interpolationParam = z.unknown().transform((input, ctx): ResampleKernel => {
  const kernel = KERNELS[String(input).trim().toLowerCase()];
  if (kernel === undefined) {
    ctx.addIssue({
      code: "custom",
      message:
        "must be 0 (nearest), 1 (lanczos), 2 (bilinear) or 3 (bicubic); box (4) and hamming (5) are not supported",
    });
    return z.NEVER;
  }
  return kernel;
});

/** `value` rounded up to 3 significant digits (a bound that still holds once rounded). */
function roundUp(value: number): number {
  const step = 10 ** (Math.floor(Math.log10(value)) - 2);
  return Number((Math.ceil(value / step) * step).toPrecision(3));
}

/** zod schema of the {@link GsdModifier} params. */
export const gsdParamsSchema = z.strictObject({
  scale: pyNumberParam({ above: 0, max: 1e4 }).prefault("1.0").describe("resampling factor"),
  resol: pyNumberParam({ above: 0 }).prefault("0.3").describe("ground-sample distance of the source (m)"),
  interpolation: interpolationParam.prefault(2).describe("0 nearest, 1 lanczos, 2 bilinear, 3 bicubic"),
});

/**
 * Ground-sample-distance simulation (iquaflow's `DSModifier_gsd`): resizes every image to
 * trunc(size / scale) and back to its size, antialiased when reducing, on 8/16-bit data with any
 * band count. Records `gsd = resol × scale` (Python arithmetic: 2 × 0.3 → 0.6) and is named
 * `gsd<gsd>_modifier`, e.g. `gsd0.6_modifier`. Results are rounded, never wrapped.
 */
export class GsdModifier implements Modifier {
  /** @inheritDoc */
  readonly name: string;
  /** @inheritDoc */
  readonly params: Params;
  /** @inheritDoc */
  readonly producer = MODIFIERS_PRODUCER;
  private readonly scale: number;
  private readonly kernel: ResampleKernel;

  /** @param params - see {@link GsdParams}; invalid values throw `InvalidParams`. */
  constructor(params: GsdParams = {}) {
    const parsed = parseParams("gsd modifier", gsdParamsSchema, params as RawParams);
    const gsd = multiplyPyNumbers(parsed.resol, parsed.scale);
    this.scale = parsed.scale.value;
    this.kernel = parsed.interpolation;
    this.name = modifierName("gsd", gsd);
    this.params = {
      scale: this.scale,
      interpolation: CODES[this.kernel],
      resol: parsed.resol.value,
      gsd: gsd.value,
    };
  }

  /**
   * Refuses a `scale` that reduces an image to less than 1 pixel on a side, or enlarges one
   * beyond the pixel limit (`maxImagePixels()` of `@iqf/datasets`), naming the range that works for the dataset.
   */
  async checkDataset(dataset: DatasetHeaders): Promise<readonly ParamProblem[]> {
    const headers = await dataset.images();
    const factor = 1 / this.scale;
    const limit = maxImagePixels();
    const reduced = (header: ImageHeader) => ({
      width: Math.trunc(header.width * factor),
      height: Math.trunc(header.height * factor),
    });
    const vanishing = headers.filter((header) => {
      const size = reduced(header);
      return size.width < 1 || size.height < 1;
    });
    const huge = headers.filter((header) => {
      const size = reduced(header);
      return size.width * size.height > limit;
    });
    const problems: ParamProblem[] = [];
    if (vanishing.length > 0) {
      const shortest = Math.min(...headers.map((header) => Math.min(header.width, header.height)));
      problems.push({
        param: "scale",
        message: `${this.scale} reduces ${describeMisfits(vanishing, headers.length)} to 0 pixels (the shortest side is ${shortest} px); use a scale of at most ${shortest}`,
      });
    }
    if (huge.length > 0) {
      const smallest = Math.max(...headers.map((h) => Math.sqrt((h.width * h.height) / limit)));
      problems.push({
        param: "scale",
        message: `${this.scale} enlarges ${describeMisfits(huge, headers.length)} beyond the limit of ${limit} pixels (${MAX_PIXELS_ENV}); use a scale of at least ${roundUp(smallest)}`,
      });
    }
    return problems;
  }

  /** @inheritDoc */
  async modifyImage(image: SourceImage, _context?: ModifyContext): Promise<ModifiedImage> {
    const { scale, kernel } = this;
    const fast = await transformFast(
      this.name,
      image,
      "resample",
      { scale, kernel },
      resampleDownUpPipeline(scale, kernel),
    );
    return (
      fast ??
      transformRaster(this.name, image, (raster, bands) =>
        mapDataBands(raster, bands < raster.channels, (data) => resampleDownUp(data, scale, kernel)),
      )
    );
  }
}
