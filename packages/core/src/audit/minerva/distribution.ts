import { binomialPmf } from '../../math/binomial.ts';

// Discrete distributions of the winner's cumulative vote count, stored over the window where
// they are representable: terms below 1e-300 of the peak underflow anyway, so dropping them
// keeps convolutions at O(σ²) instead of O(n²) (100k + 100k ballots: ~12k-wide windows).

/** P(X = start + i) = mass[i]. */
export interface Distribution {
  readonly start: number;
  readonly mass: Float64Array;
}

const CUTOFF = 1e-300;

/**
 * Binomial(n, p) over its representable window.
 * @example binomialDistribution(2, 0.5).mass // [0.25, 0.5, 0.25]
 */
export function binomialDistribution(n: number, p: number): Distribution {
  if (n === 0 || p >= 1) return { start: p >= 1 ? n : 0, mass: Float64Array.of(1) };
  if (p <= 0) return { start: 0, mass: Float64Array.of(1) };
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const peak = binomialPmf(mode, n, p);
  const ratio = p / (1 - p);
  let lo = mode;
  let t = peak;
  const below: number[] = [];
  while (lo > 0) {
    t *= lo / ((n - lo + 1) * ratio);
    if (t < peak * CUTOFF) break;
    lo--;
    below.push(t);
  }
  const above: number[] = [];
  t = peak;
  let hi = mode;
  while (hi < n) {
    t *= ((n - hi) / (hi + 1)) * ratio;
    if (t < peak * CUTOFF) break;
    hi++;
    above.push(t);
  }
  below.reverse();
  return { start: lo, mass: Float64Array.from([...below, peak, ...above]) };
}

/** The distribution of X + Y for independent X, Y, trimmed to its representable window. */
export function convolve(a: Distribution, b: Distribution): Distribution {
  const out = new Float64Array(a.mass.length + b.mass.length - 1);
  for (let i = 0; i < a.mass.length; i++) {
    const ai = a.mass[i] as number;
    if (ai === 0) continue;
    for (let j = 0; j < b.mass.length; j++)
      out[i + j] = (out[i + j] as number) + ai * (b.mass[j] as number);
  }
  return trim({ start: a.start + b.start, mass: out });
}

function trim(d: Distribution): Distribution {
  let peak = 0;
  for (const m of d.mass) if (m > peak) peak = m;
  if (peak === 0) return { start: d.start, mass: Float64Array.of(0) };
  let lo = 0;
  let hi = d.mass.length - 1;
  while (lo < hi && (d.mass[lo] as number) < peak * CUTOFF) lo++;
  while (hi > lo && (d.mass[hi] as number) < peak * CUTOFF) hi--;
  return { start: d.start + lo, mass: d.mass.slice(lo, hi + 1) };
}

/** P(X ≥ k). */
export function upperTail(d: Distribution, k: number): number {
  let s = 0;
  for (let i = d.mass.length - 1; i >= 0 && d.start + i >= k; i--) s += d.mass[i] as number;
  return s;
}

/** The same distribution with the mass at k ≥ kmin removed (audits that stopped). */
export function withoutStopped(d: Distribution, kmin: number): Distribution {
  const mass = d.mass.slice();
  for (let i = Math.max(0, kmin - d.start); i < mass.length; i++) mass[i] = 0;
  return { start: d.start, mass };
}
