/**
 * Small dense least-squares tools: Gaussian elimination and a Levenberg–Marquardt curve fit
 * (the role scipy's `curve_fit` plays in iquaflow's sharpness measure).
 */

/** Solves the n×n system `m·x = r` in place by Gaussian elimination with partial pivoting (null when singular). */
export function solveDense(m: Float64Array, r: Float64Array, n: number): Float64Array | null {
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let i = c + 1; i < n; i++) if (Math.abs(m[i * n + c]!) > Math.abs(m[pivot * n + c]!)) pivot = i;
    if (!(Math.abs(m[pivot * n + c]!) > 1e-300)) return null;
    if (pivot !== c) {
      for (let j = 0; j < n; j++) {
        const t = m[c * n + j]!;
        m[c * n + j] = m[pivot * n + j]!;
        m[pivot * n + j] = t;
      }
      const t = r[c]!;
      r[c] = r[pivot]!;
      r[pivot] = t;
    }
    for (let i = c + 1; i < n; i++) {
      const f = m[i * n + c]! / m[c * n + c]!;
      if (f === 0) continue;
      for (let j = c; j < n; j++) m[i * n + j]! -= f * m[c * n + j]!;
      r[i]! -= f * r[c]!;
    }
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = r[i]!;
    for (let j = i + 1; j < n; j++) sum -= m[i * n + j]! * x[j]!;
    x[i] = sum / m[i * n + i]!;
  }
  return x;
}

/**
 * A model curve for {@link fitCurve}: its value at `x` for parameters `p`, writing the partial
 * derivatives with respect to each parameter into `gradient`.
 */
export type CurveModel = (x: number, p: Float64Array, gradient: Float64Array) => number;

/** Result of {@link fitCurve}: the parameters and the residual sum of squares. */
export interface CurveFit {
  /** Fitted parameters. */
  readonly p: Float64Array;
  /** Sum of squared residuals at `p`. */
  readonly cost: number;
}

const MAX_ITERATIONS = 100;

function costOf(
  xs: Float64Array,
  ys: Float64Array,
  p: Float64Array,
  model: CurveModel,
  gradient: Float64Array,
  jac: Float64Array | null,
): number {
  const np = p.length;
  let sq = 0;
  for (let i = 0; i < xs.length; i++) {
    const r = ys[i]! - model(xs[i]!, p, gradient);
    sq += r * r;
    if (jac) {
      const k = i * (np + 1);
      for (let u = 0; u < np; u++) jac[k + u] = gradient[u]!;
      jac[k + np] = r;
    }
  }
  return sq;
}

/**
 * Least-squares fit of `model` to `(xs, ys)` by Levenberg–Marquardt from `p0` (at most 100
 * iterations, stopping when the cost improves by less than 1e-10 relative). Returns null when
 * the start or the result is not finite.
 */
export function fitCurve(
  xs: Float64Array,
  ys: Float64Array,
  p0: Float64Array,
  model: CurveModel,
): CurveFit | null {
  const np = p0.length;
  const gradient = new Float64Array(np);
  const jac = new Float64Array(xs.length * (np + 1));
  let p = Float64Array.from(p0);
  let cost = costOf(xs, ys, p, model, gradient, jac);
  if (!Number.isFinite(cost)) return null;
  let lambda = 1e-3;
  const normal = new Float64Array(np * np);
  const rhs = new Float64Array(np);
  for (let iter = 0; iter < MAX_ITERATIONS; iter++) {
    normal.fill(0);
    rhs.fill(0);
    for (let i = 0; i < xs.length; i++) {
      const k = i * (np + 1);
      for (let u = 0; u < np; u++) {
        rhs[u]! += jac[k + u]! * jac[k + np]!;
        for (let v = 0; v < np; v++) normal[u * np + v]! += jac[k + u]! * jac[k + v]!;
      }
    }
    let improved = false;
    while (lambda < 1e10) {
      const m = Float64Array.from(normal);
      for (let u = 0; u < np; u++) m[u * (np + 1)]! *= 1 + lambda;
      const step = solveDense(m, Float64Array.from(rhs), np);
      if (!step) {
        lambda *= 10;
        continue;
      }
      const trial = Float64Array.from(p, (v, i) => v + step[i]!);
      const trialCost = costOf(xs, ys, trial, model, gradient, null);
      if (Number.isFinite(trialCost) && trialCost <= cost) {
        const done = cost - trialCost <= 1e-10 * (cost + 1e-30);
        p = trial;
        cost = costOf(xs, ys, p, model, gradient, jac);
        lambda = Math.max(lambda / 10, 1e-12);
        improved = !done;
        break;
      }
      lambda *= 10;
    }
    if (!improved) break;
  }
  if (!p.every(Number.isFinite)) return null;
  return { p, cost };
}
