import { normalCdf } from "@iqf/core";

/** A rotated rectangle of the synthetic target. */
export interface SyntheticRectangle {
  /** Centre column (px). */
  readonly cx: number;
  /** Centre row (px). */
  readonly cy: number;
  /** Full width along the rectangle's own x axis (px). */
  readonly width: number;
  /** Full height along the rectangle's own y axis (px). */
  readonly height: number;
  /** Rotation in degrees (counter-clockwise in image coordinates). */
  readonly angle: number;
}

/** Parameters of {@link renderSlantedEdges}. */
export interface SyntheticEdgesOptions {
  /** Image width in px. */
  readonly width: number;
  /** Image height in px. */
  readonly height: number;
  /** Rectangles drawn at the `high` level on a `low` background. */
  readonly rectangles: readonly SyntheticRectangle[];
  /** Standard deviation of the Gaussian PSF, in px. */
  readonly sigma: number;
  /** Background level. */
  readonly low: number;
  /** Rectangle level. */
  readonly high: number;
  /** Standard deviation of additive Gaussian noise (0 for none). */
  readonly noise: number;
  /** Seed of the noise generator. */
  readonly seed: number;
}

/** Small seeded PRNG (mulberry32) with Box–Muller normals, for reproducible synthetic noise. */
export function seededNormal(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => {
    const u = 1 - uniform();
    const v = uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

/**
 * Renders rectangles blurred by an isotropic Gaussian PSF of standard deviation `sigma`,
 * sampled exactly at the pixel centres: because the PSF is separable in the rectangle's own
 * frame, the value is low + (high − low)·[Φ((u+a)/σ) − Φ((u−a)/σ)]·[Φ((v+b)/σ) − Φ((v−b)/σ)]
 * (rectangles do not overlap). For such images RER = 2Φ(0.5/σ) − 1, FWHM = 2√(2 ln 2)·σ and
 * MTF(f) = exp(−2π²σ²f²). Returns a row-major Float64Array.
 */
export function renderSlantedEdges(options: SyntheticEdgesOptions): Float64Array {
  const { width, height, sigma, low, high } = options;
  const out = new Float64Array(width * height).fill(low);
  for (const r of options.rectangles) {
    const c = Math.cos((r.angle * Math.PI) / 180);
    const s = Math.sin((r.angle * Math.PI) / 180);
    const a = r.width / 2;
    const b = r.height / 2;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const u = (x - r.cx) * c + (y - r.cy) * s;
        const v = -(x - r.cx) * s + (y - r.cy) * c;
        const pu = normalCdf((u + a) / sigma) - normalCdf((u - a) / sigma);
        if (pu < 1e-300) continue;
        const pv = normalCdf((v + b) / sigma) - normalCdf((v - b) / sigma);
        out[y * width + x]! += (high - low) * pu * pv;
      }
    }
  }
  if (options.noise > 0) {
    const normal = seededNormal(options.seed);
    for (let i = 0; i < out.length; i++) out[i]! += options.noise * normal();
  }
  return out;
}
