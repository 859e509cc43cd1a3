/**
 * From an edge's projected samples (signed distance to the edge, value) to its sharpness
 * figures: ISO 12233-style super-sampled ESF (bins of `binWidth` px), LSF by central
 * differences, MTF by a direct Fourier sum corrected for the binning and differencing, RER and
 * FWHM. Pure functions over typed arrays.
 */

/** Sharpness figures of one edge. */
export interface EdgeFigures {
  /** Relative edge response: ESF(+0.5 px) − ESF(−0.5 px) of the normalised ESF. */
  readonly rer: number;
  /** Full width at half maximum of the LSF, in px. */
  readonly fwhm: number;
  /** MTF at Nyquist (0.5 cycles/px). */
  readonly mtfNyquist: number;
  /** MTF at half Nyquist (0.25 cycles/px). */
  readonly mtfHalfNyquist: number;
}

/** Parameters of the ESF construction. */
export interface ProfileGeometry {
  /** Half-width of the profile across the edge, in px. */
  readonly halfWidth: number;
  /** ESF bin width in px (ISO 12233 uses 0.25, i.e. 4× super-sampling). */
  readonly binWidth: number;
}

/** Samples averaged per bin: mean value, mean position and count (NaN/0 for empty bins). */
export interface BinnedProfile {
  /** Mean value per bin. */
  readonly values: Float64Array;
  /** Mean signed distance (px, relative to the offset) of the samples in each bin. */
  readonly positions: Float64Array;
  /** Number of samples per bin. */
  readonly counts: Uint32Array;
}

/** Bins `(d, v)` samples into bins centred at `offset + k·binWidth`, |k·binWidth| ≤ halfWidth. */
export function binSamples(
  d: Float64Array,
  v: Float64Array,
  count: number,
  offset: number,
  geometry: ProfileGeometry,
): BinnedProfile {
  const half = Math.floor(geometry.halfWidth / geometry.binWidth + 1e-9);
  const values = new Float64Array(2 * half + 1);
  const positions = new Float64Array(2 * half + 1);
  const counts = new Uint32Array(2 * half + 1);
  for (let i = 0; i < count; i++) {
    const x = d[i]! - offset;
    const k = Math.round(x / geometry.binWidth) + half;
    if (k < 0 || k > 2 * half) continue;
    values[k]! += v[i]!;
    positions[k]! += x;
    counts[k]!++;
  }
  for (let k = 0; k < values.length; k++) {
    values[k] = counts[k] ? values[k]! / counts[k]! : Number.NaN;
    positions[k] = counts[k] ? positions[k]! / counts[k]! : Number.NaN;
  }
  return { values, positions, counts };
}

/** Share of non-empty bins within ±`radius` px of the centre. */
export function coverage(binned: BinnedProfile, binWidth: number, radius: number): number {
  const half = (binned.counts.length - 1) >> 1;
  const r = Math.floor(radius / binWidth);
  let filled = 0;
  for (let k = half - r; k <= half + r; k++) if (binned.counts[k]! > 0) filled++;
  return filled / (2 * r + 1);
}

/**
 * Resamples a binned profile onto the regular grid `k·binWidth` by cubic interpolation
 * through the bins' mean positions (so uneven sample positions inside a bin do not distort
 * the ESF); constant beyond the outermost filled bins.
 */
export function resampleOnGrid(binned: BinnedProfile, binWidth: number): Float64Array {
  const n = binned.counts.length;
  const half = (n - 1) >> 1;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let k = 0; k < n; k++) {
    if (binned.counts[k]! === 0) continue;
    xs.push(binned.positions[k]!);
    ys.push(binned.values[k]!);
  }
  const out = new Float64Array(n);
  const last = xs.length - 1;
  let j = 0;
  for (let k = 0; k < n; k++) {
    const x = (k - half) * binWidth;
    while (j + 1 < last && xs[j + 1]! < x) j++;
    if (last === 0 || x <= xs[0]!) out[k] = ys[0]!;
    else if (x >= xs[last]!) out[k] = ys[last]!;
    else if (last < 3) out[k] = ys[j]! + ((x - xs[j]!) / (xs[j + 1]! - xs[j]!)) * (ys[j + 1]! - ys[j]!);
    else {
      const s = Math.min(Math.max(j - 1, 0), last - 3);
      out[k] = lagrangeCubic(xs, ys, s, x);
    }
  }
  return out;
}

/** Cubic through the four points starting at `s`, evaluated at `x`. */
function lagrangeCubic(xs: readonly number[], ys: readonly number[], s: number, x: number): number {
  let sum = 0;
  for (let i = s; i < s + 4; i++) {
    let term = ys[i]!;
    for (let m = s; m < s + 4; m++) if (m !== i) term *= (x - xs[m]!) / (xs[i]! - xs[m]!);
    sum += term;
  }
  return sum;
}

/** Position (px, relative to the centre bin) where the rising ESF crosses `level`, nearest the centre. */
export function crossing(esf: Float64Array, binWidth: number, level: number): number {
  const half = (esf.length - 1) >> 1;
  let best = Number.NaN;
  for (let k = 0; k + 1 < esf.length; k++) {
    const a = esf[k]! - level;
    const b = esf[k + 1]! - level;
    if (a <= 0 && b > 0) {
      const pos = (k - half + a / (a - b)) * binWidth;
      if (Number.isNaN(best) || Math.abs(pos) < Math.abs(best)) best = pos;
    }
  }
  return best;
}

function sinc(x: number): number {
  return x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
}

/**
 * MTF at frequency `f` (cycles/px) from the ESF on the regular grid (step px): Fourier sum of
 * the windowed central-difference LSF, normalised by its DC term and corrected for the binning
 * (sinc(step·f)) and the differencing (sinc(2·step·f)). `variance[k]` is the noise variance of
 * ESF sample k; the expected noise power it adds to |Y|² is removed before the square root, so
 * noise does not lift the MTF of blurred edges.
 */
export function mtfAt(
  esf: Float64Array,
  window: Float64Array,
  step: number,
  f: number,
  variance: Float64Array,
): number {
  const n = esf.length;
  const half = (n - 1) >> 1;
  const cos = new Float64Array(n);
  const sin = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const phase = -2 * Math.PI * f * (k - half) * step;
    cos[k] = window[k]! * Math.cos(phase);
    sin[k] = window[k]! * Math.sin(phase);
  }
  let re = 0;
  let im = 0;
  let dc = 0;
  for (let k = 1; k + 1 < n; k++) {
    const l = (esf[k + 1]! - esf[k - 1]!) / (2 * step);
    re += l * cos[k]!;
    im += l * sin[k]!;
    dc += l * window[k]!;
  }
  let noisePower = 0;
  for (let j = 0; j < n; j++) {
    const before = j - 1 >= 1 ? 1 : 0;
    const after = j + 1 <= n - 2 ? 1 : 0;
    const ar = (before * cos[Math.max(j - 1, 0)]! - after * cos[Math.min(j + 1, n - 1)]!) / (2 * step);
    const ai = (before * sin[Math.max(j - 1, 0)]! - after * sin[Math.min(j + 1, n - 1)]!) / (2 * step);
    noisePower += (ar * ar + ai * ai) * variance[j]!;
  }
  const power = Math.max(re * re + im * im - noisePower, 0);
  return Math.sqrt(power) / dc / (sinc(step * f) * sinc(2 * step * f));
}

/** Per-sample noise variance of a resampled ESF: σ² / (samples in the nearest bin, or its neighbours). */
export function sampleVariance(binned: BinnedProfile, sigma: number): Float64Array {
  const n = binned.counts.length;
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let c = binned.counts[k]!;
    if (c === 0) c = Math.max(1, ((binned.counts[k - 1] ?? 0) + (binned.counts[k + 1] ?? 0)) / 2);
    out[k] = (sigma * sigma) / c;
  }
  return out;
}

/** Tukey window: 1 within ±(halfWidth − taper), cosine down to 0 at ±halfWidth. */
export function tukeyWindow(length: number, step: number, halfWidth: number, taper: number): Float64Array {
  const half = (length - 1) >> 1;
  const w = new Float64Array(length);
  for (let k = 0; k < length; k++) {
    const x = Math.abs((k - half) * step);
    const edge = halfWidth - taper;
    w[k] = x <= edge ? 1 : x >= halfWidth ? 0 : 0.5 * (1 + Math.cos((Math.PI * (x - edge)) / taper));
  }
  return w;
}

/** LSF by central differences of a normalised, gap-free ESF. */
export function lineSpread(esf: Float64Array, step: number): Float64Array {
  const lsf = new Float64Array(esf.length);
  for (let k = 1; k + 1 < esf.length; k++) lsf[k] = (esf[k + 1]! - esf[k - 1]!) / (2 * step);
  return lsf;
}

/** Gaussian smoothing of a sampled curve (kernel σ in samples, truncated at 4σ, borders renormalised). */
function gaussianSmooth(values: Float64Array, sigmaSamples: number): Float64Array {
  if (sigmaSamples <= 0) return values;
  const r = Math.ceil(4 * sigmaSamples);
  const out = new Float64Array(values.length);
  for (let k = 0; k < values.length; k++) {
    let s = 0;
    let w = 0;
    for (let i = -r; i <= r; i++) {
      const j = k + i;
      if (j < 0 || j >= values.length) continue;
      const g = Math.exp(-(i * i) / (2 * sigmaSamples * sigmaSamples));
      s += g * values[j]!;
      w += g;
    }
    out[k] = s / w;
  }
  return out;
}

/**
 * FWHM of the LSF sampled every `step` px. Noise lifts the sampled maximum and so narrows a
 * raw width, so the LSF is first smoothed by a Gaussian of σ = 0.35 × the raw width's σ, and
 * the variance added by that smoothing, the binning (step²/12) and the central differencing
 * (step²/3) is removed in quadrature (exact for Gaussian LSFs).
 */
export function fullWidthHalfMax(lsf: Float64Array, step: number): number {
  const raw = rawFullWidthHalfMax(lsf, step);
  if (!Number.isFinite(raw)) return raw;
  const smoothing = Math.max(0.35 * (raw / FWHM_PER_SIGMA), step);
  const width = rawFullWidthHalfMax(gaussianSmooth(lsf, smoothing / step), step);
  const added = FWHM_PER_SIGMA ** 2 * ((step * step) / 12 + (step * step) / 3 + smoothing * smoothing);
  return Math.sqrt(Math.max(width * width - added, 0));
}

/** FWHM of a Gaussian in units of its σ: 2√(2 ln 2). */
const FWHM_PER_SIGMA = 2 * Math.sqrt(2 * Math.LN2);

/** Width at half maximum: log-parabola peak, linear crossings; NaN when a side never drops below half. */
function rawFullWidthHalfMax(lsf: Float64Array, step: number): number {
  let p = 1;
  for (let k = 1; k + 1 < lsf.length; k++) if (lsf[k]! > lsf[p]!) p = k;
  let peak = lsf[p]!;
  const a = lsf[p - 1]!;
  const b = lsf[p + 1]!;
  if (a > 0 && b > 0 && peak > 0) {
    const la = Math.log(a);
    const lb = Math.log(b);
    const lp = Math.log(peak);
    const denom = la - 2 * lp + lb;
    if (denom < 0) {
      const shift = (0.5 * (la - lb)) / denom;
      peak = Math.exp(lp - 0.25 * (la - lb) * shift);
    }
  }
  const halfMax = peak / 2;
  let left = p;
  while (left > 0 && lsf[left]! >= halfMax) left--;
  let right = p;
  while (right < lsf.length - 1 && lsf[right]! >= halfMax) right++;
  if (lsf[left]! >= halfMax || lsf[right]! >= halfMax) return Number.NaN;
  const xl = left + (halfMax - lsf[left]!) / (lsf[left + 1]! - lsf[left]!);
  const xr = right - (halfMax - lsf[right]!) / (lsf[right - 1]! - lsf[right]!);
  return (xr - xl) * step;
}
