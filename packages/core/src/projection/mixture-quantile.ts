// Quantiles of an equal-weight mixture of normal distributions. Each Monte Carlo draw of the
// projection's effects gives a projected margin and, from the independent unit noise, a normal
// spread around it; the interval is read from the mixture of those normals directly instead of
// adding one sampled noise value per draw (the same distribution, with less Monte Carlo error).

/**
 * Standard normal distribution function Φ(z), from the Abramowitz–Stegun 7.1.26 approximation
 * of erf (absolute error below 1e-7). Also returns the density φ(z) (through `density[0]`), which
 * shares its exponential.
 * @example normalCdf(1.959964) // ≈ 0.975
 */
export function normalCdf(z: number, density?: Float64Array): number {
  const x = Math.abs(z) / Math.SQRT2;
  const e = Math.exp(-x * x);
  if (density !== undefined) density[0] = e / Math.sqrt(2 * Math.PI);
  const t = 1 / (1 + 0.3275911 * x);
  const tail =
    0.5 *
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) *
    e;
  return z >= 0 ? 1 - tail : tail;
}

/** Beyond this many standard deviations a component counts as 0 or 1 of the distribution. */
const FAR = 9;

/**
 * The `levels` quantiles of the mixture, with equal weights, of N(means[d], sds[d]²) (an sd of 0
 * is a point mass). Each is found by Newton's method on the mixture's distribution function,
 * kept inside a bisection bracket, to 1e-9 in probability or 1e-9 of the spread.
 * @example mixtureQuantiles(Float64Array.of(0, 1), Float64Array.of(1, 1), [0.5]) // [0.5]
 */
export function mixtureQuantiles(
  means: Float64Array,
  sds: Float64Array,
  levels: readonly number[],
): number[] {
  const count = means.length;
  if (count === 0) return levels.map(() => Number.NaN);
  let low = Infinity;
  let high = -Infinity;
  for (let d = 0; d < count; d++) {
    const m = means[d] ?? 0;
    const s = sds[d] ?? 0;
    low = Math.min(low, m - FAR * s);
    high = Math.max(high, m + FAR * s);
  }
  if (!(high > low)) return levels.map(() => low);
  const density = new Float64Array(1);
  // Distribution function and density of the mixture at x.
  const evaluate = (x: number): { cdf: number; pdf: number } => {
    let cdf = 0;
    let pdf = 0;
    for (let d = 0; d < count; d++) {
      const s = sds[d] ?? 0;
      const gap = x - (means[d] ?? 0);
      if (gap >= FAR * s) cdf += 1;
      else if (gap > -FAR * s) {
        cdf += normalCdf(gap / s, density);
        pdf += (density[0] ?? 0) / s;
      }
    }
    return { cdf: cdf / count, pdf: pdf / count };
  };
  const sorted = Float64Array.from(means).sort();
  const tolerance = 1e-9 * (high - low);
  return levels.map((level) => {
    let lo = low;
    let hi = high;
    // Start from the quantile of the means.
    let x = sorted[Math.min(count - 1, Math.max(0, Math.round(level * (count - 1))))] ?? lo;
    for (let step = 0; step < 200 && hi - lo > tolerance; step++) {
      const { cdf, pdf } = evaluate(x);
      if (Math.abs(cdf - level) < 1e-9) return x;
      if (cdf < level) lo = x;
      else hi = x;
      const newton = pdf > 0 ? x - (cdf - level) / pdf : Number.NaN;
      x = newton > lo && newton < hi ? newton : (lo + hi) / 2;
    }
    return x;
  });
}
