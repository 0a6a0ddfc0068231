import { logGamma } from './log-gamma.ts';

// Binomial pmf by Loader's saddle-point expansion ("Fast and accurate computation of binomial
// probabilities", 2000): exact to ~1e-15 relative even for n in the millions, where differences
// of ln Γ would lose digits. The cdf and quantile sum pmf terms outward from the mode with the
// ratio recurrence, so one quantile costs O(√(npq)) terms rather than O(n).

const LN_SQRT_TWO_PI = 0.5 * Math.log(2 * Math.PI);

// Stirling's error δ(n) = ln n! − [(n + ½) ln n − n + ln √(2π)].
function stirlingError(n: number): number {
  if (n > 15) {
    const nn = n * n;
    return (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - 1 / 1188 / nn) / nn) / nn) / nn) / n;
  }
  if (n === 0) return 1 - LN_SQRT_TWO_PI;
  return logGamma(n + 1) - (n + 0.5) * Math.log(n) + n - LN_SQRT_TWO_PI;
}

// Deviance term x ln(x/m) + m − x, by a series when x ≈ m to avoid cancellation.
function devianceTerm(x: number, m: number): number {
  if (Math.abs(x - m) < 0.1 * (x + m)) {
    const v = (x - m) / (x + m);
    let s = (x - m) * v;
    let ej = 2 * x * v;
    const v2 = v * v;
    for (let j = 1; j < 1000; j++) {
      ej *= v2;
      const next = s + ej / (2 * j + 1);
      if (next === s) return next;
      s = next;
    }
    return s;
  }
  return x * Math.log(x / m) + m - x;
}

/**
 * P(X = k) for X ~ Binomial(n, p).
 * @example binomialPmf(2, 4, 0.5) // 0.375
 */
export function binomialPmf(k: number, n: number, p: number): number {
  if (!Number.isInteger(k) || k < 0 || k > n) return 0;
  const q = 1 - p;
  if (p === 0) return k === 0 ? 1 : 0;
  if (q === 0) return k === n ? 1 : 0;
  if (k === 0) return Math.exp(n * Math.log1p(-p));
  if (k === n) return Math.exp(n * Math.log(p));
  const lc =
    stirlingError(n) -
    stirlingError(k) -
    stirlingError(n - k) -
    devianceTerm(k, n * p) -
    devianceTerm(n - k, n * q);
  return Math.exp(lc) * Math.sqrt(n / (2 * Math.PI * k * (n - k)));
}

/** The pmf terms of Binomial(n, p) that matter in double precision, with their first index. */
interface PmfWindow {
  readonly start: number;
  readonly terms: readonly number[];
}

// Walks out from the mode until terms fall below 1e-20 of the peak (they can no longer change a
// double sum of ~1), using pmf(k+1)/pmf(k) = (n−k)/(k+1) · p/q.
function pmfWindow(n: number, p: number): PmfWindow {
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const peak = binomialPmf(mode, n, p);
  const ratio = p / (1 - p);
  const below: number[] = [];
  let t = peak;
  let k = mode;
  while (k > 0) {
    t *= k / ((n - k + 1) * ratio);
    k--;
    if (t < peak * 1e-20) break;
    below.push(t);
  }
  const above: number[] = [];
  t = peak;
  k = mode;
  while (k < n) {
    t *= ((n - k) / (k + 1)) * ratio;
    k++;
    if (t < peak * 1e-20) break;
    above.push(t);
  }
  below.reverse();
  return { start: mode - below.length, terms: [...below, peak, ...above] };
}

/**
 * P(X ≤ k) for X ~ Binomial(n, p).
 * @example binomialCdf(1, 2, 0.5) // 0.75
 */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  const kk = Math.floor(k);
  const { start, terms } = pmfWindow(n, p);
  if (kk < start) return 0;
  let sum = 0;
  for (let i = 0; i < terms.length && start + i <= kk; i++) sum += terms[i] as number;
  return Math.min(1, sum);
}

/**
 * The binomial quantile (scipy's `binom.ppf`): the smallest k with P(X ≤ k) ≥ q.
 * @example binomialQuantile(0.5, 10, 0.5) // 5
 */
export function binomialQuantile(q: number, n: number, p: number): number {
  if (Number.isNaN(q) || q < 0 || q > 1) return Number.NaN;
  // scipy returns the support's lower end minus one for q = 0.
  if (q === 0) return -1;
  if (q === 1 || p >= 1) return n;
  if (p <= 0) return 0;
  const { start, terms } = pmfWindow(n, p);
  if (q > 0.5) {
    // Near 1, cdf sums round to 1; compare the upper tail P(X > k) with 1 − q instead.
    const tailLimit = 1 - q;
    let tail = 0;
    for (let i = terms.length - 1; i >= 0; i--) {
      const next = tail + (terms[i] as number);
      if (next > tailLimit) return start + i;
      tail = next;
    }
    return start;
  }
  let sum = 0;
  for (let i = 0; i < terms.length; i++) {
    sum += terms[i] as number;
    if (sum >= q) return start + i;
  }
  return Math.min(n, start + terms.length);
}
