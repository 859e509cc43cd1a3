import {
  allocSamples,
  InvalidParams,
  type ModifiedImage,
  type Modifier,
  maxSampleValue,
  type Params,
  type Raster,
  type SourceImage,
} from "@iqf/core";

/** Parameters of {@link GammaModifier}. */
export interface GammaParams {
  /** Exponent applied to normalised intensities: out = max · (in / max)^gamma. Must be > 0. */
  readonly gamma: number;
}

/**
 * Gamma correction of every sample (8- or 16-bit, any band count), as a third-party modifier:
 * it implements `Modifier` from `@iqf/core` and needs nothing else. gamma > 1 darkens mid-tones,
 * gamma < 1 brightens them. The pipeline in `@iqf/datasets` writes `<dataset>#gamma<gamma>_modifier`.
 */
export class GammaModifier implements Modifier {
  /** Folder suffix, e.g. `gamma2.2_modifier`. */
  readonly name: string;
  /** Recorded dataset params: `{ gamma }`. */
  readonly params: Params;
  private readonly gamma: number;

  /** @param params - `{ gamma }`, a finite number > 0 (otherwise `InvalidParams`). */
  constructor(params: GammaParams) {
    const gamma = params?.gamma;
    if (typeof gamma !== "number" || !Number.isFinite(gamma) || gamma <= 0) {
      throw new InvalidParams("gamma modifier", [`gamma=${String(gamma)}: must be a number > 0`]);
    }
    this.gamma = gamma;
    this.name = `gamma${gamma}_modifier`;
    this.params = { gamma };
  }

  /** Applies the gamma curve through a lookup table (one entry per possible sample value). */
  async modifyImage(image: SourceImage): Promise<ModifiedImage> {
    return { raster: this.apply(await image.decode()) };
  }

  private apply(raster: Raster): Raster {
    if (raster.sampleType === "float32")
      throw new RangeError(`${raster.sampleType} samples are not supported`);
    const max = maxSampleValue(raster.sampleType);
    const table = allocSamples(raster.sampleType, max + 1);
    for (let v = 0; v <= max; v++) table[v] = Math.round(max * (v / max) ** this.gamma);
    const data = allocSamples(raster.sampleType, raster.data.length);
    for (let i = 0; i < data.length; i++) data[i] = table[raster.data[i]!]!;
    return { ...raster, data };
  }
}
