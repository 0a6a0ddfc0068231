import { EPSILON, nullMeans, type MeanTestSetting } from './population.ts';

/** Produces η_j (the alternative mean bet on before draw j) from the earlier draws. */
export type Estimator = (x: readonly number[], setting: MeanTestSetting) => Float64Array;

/**
 * Fixed alternative: the population mean is η, so the undrawn values average
 * (N η − S_{j−1}) / (N − j + 1) (η itself with replacement).
 * @example fixedAlternativeMean(0.75)([1, 0], { N: Infinity, t: 0.5, u: 1 }) // [0.75, 0.75]
 */
export function fixedAlternativeMean(eta: number): Estimator {
  return (x, { N }) => {
    const n = x.length;
    const out = new Float64Array(n);
    if (!Number.isFinite(N)) return out.fill(eta);
    let s = 0;
    for (let j = 0; j < n; j++) {
      out[j] = (N * eta - s) / (N - j);
      s += x[j] as number;
    }
    return out;
  };
}

/** Parameters of {@link shrinkTrunc} (ALPHA paper §2.5.2). */
export interface ShrinkTruncOptions {
  /** Prior guess of the mean. */
  readonly eta: number;
  /** Weight of the prior, in draws. Default 100. */
  readonly d?: number;
  /** Weight of u against the running mean, scaled by 1/σ. Default 0. */
  readonly f?: number;
  /** Truncation shrink; default (η − t)/2 − ε. */
  readonly c?: number;
  /** Floor on the running standard deviation. Default 1e-6. */
  readonly minsd?: number;
  /** Keeps η inside (μ, u). Default machine epsilon. */
  readonly eps?: number;
}

/**
 * Shrink-truncate estimator: the running mean shrunk toward η (weight d) and toward u (weight
 * f/σ_j), then kept within [μ_j(1+ε) + c/√(d+j−1), u(1−ε) − c/√(d+j−1)]. σ_j is the running
 * (population) standard deviation of the earlier draws, 1 for the first two.
 * @example shrinkTrunc({ eta: 0.55 })([1, 1], { N: 10000, t: 0.5, u: 1 })
 */
export function shrinkTrunc(options: ShrinkTruncOptions): Estimator {
  return (x, setting) => {
    const { u, t } = setting;
    const eps = options.eps ?? EPSILON;
    const d = options.d ?? 100;
    const f = options.f ?? 0;
    const minsd = options.minsd ?? 1e-6;
    const eta = options.eta;
    const c = options.c ?? (eta - t) / 2 - eps;
    const m = nullMeans(x, setting);
    const out = new Float64Array(x.length);
    let s = 0;
    // Welford's running mean and sum of squared deviations.
    let mean = 0;
    let m2 = 0;
    for (let j = 0; j < x.length; j++) {
      const sd = j < 2 ? 1 : Math.max(Math.sqrt(m2 / j), minsd);
      const weighted = ((d * eta + s) / (d + j) + (u * f) / sd) / (1 + f / sd);
      const shrink = c / Math.sqrt(d + j);
      const lower = (m[j] as number) * (1 + eps) + shrink;
      out[j] = Math.min(u * (1 - eps) - shrink, Math.max(weighted, lower));
      const xj = x[j] as number;
      s += xj;
      const delta = xj - mean;
      mean += delta / (j + 1);
      m2 += delta * (xj - mean);
    }
    return out;
  };
}

/**
 * The constant η that is optimal for a comparison audit when 2-vote overstatements occur at
 * rate p2 (default 1e-5): (1 − u(1−p2))/(2 − 2u) + u(1−p2) − ½.
 * @example optimalComparison()([0.5], { N: 100, t: 0.5, u: 1.0256410256410258 })
 */
export function optimalComparison(p2 = 1e-5): Estimator {
  return (x, { u }) => {
    const eta = (1 - u * (1 - p2)) / (2 - 2 * u) + u * (1 - p2) - 0.5;
    return new Float64Array(x.length).fill(eta);
  };
}
