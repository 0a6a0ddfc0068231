import { historyFromTerms, type MeanTestResult } from './alpha-mart.ts';
import { EPSILON, nullMeans, type MeanTestSetting } from './population.ts';

/**
 * Kaplan-Markov (and, for finite N, Kaplan-Kolmogorov) test: T_j = Π (x_i + g)/(μ_i + g).
 * @example kaplanMarkov([1], { N: Infinity, t: 0.5, u: 1 }, 0.1).pValue // 0.6 / 1.1
 */
export function kaplanMarkov(
  x: readonly number[],
  setting: MeanTestSetting,
  g: number,
): MeanTestResult {
  const m = nullMeans(x, setting);
  return historyFromTerms(x.map((xi, j) => (xi + g) / ((m[j] as number) + g)));
}

/**
 * Kaplan-Wald test: T_j = Π (1 + (1 − g)(x_i/μ_i − 1)).
 * @example kaplanWald([1], { N: Infinity, t: 0.5, u: 1 }, 0.1).pValue // 1 / 1.9
 */
export function kaplanWald(
  x: readonly number[],
  setting: MeanTestSetting,
  g: number,
): MeanTestResult {
  const m = nullMeans(x, setting);
  return historyFromTerms(x.map((xi, j) => 1 + (1 - g) * (xi / (m[j] as number) - 1)));
}

/**
 * Betting martingale with a fixed bet λ: T_j = Π (1 + λ(x_i − μ_i)).
 * @example fixedBetMart([1], { N: Infinity, t: 0.5, u: 1 }, 0.5).pValue // 0.8
 */
export function fixedBetMart(
  x: readonly number[],
  setting: MeanTestSetting,
  lambda: number,
): MeanTestResult {
  const m = nullMeans(x, setting);
  return historyFromTerms(x.map((xi, j) => 1 + lambda * (xi - (m[j] as number))));
}

/** Options of {@link agrapaMart}. */
export interface AgrapaOptions {
  /** The first bet. */
  readonly lam0: number;
  /** Bets are capped at c/μ_j so every term stays positive. Default 1 − ε. */
  readonly c?: number;
}

/**
 * Betting martingale with the aGRAPA bet (Waudby-Smith & Ramdas): T_j = Π (1 + λ_j(x_j − μ_j)),
 * λ_j = (x̄ − μ_{j−1}) / (σ̂² + (x̄ − μ_{j−1})²) from the earlier draws' mean and (population)
 * variance, clipped to [0, c/μ_j]; λ_1 = lam0. The lagged null mean μ_{j−1} is what reproduces
 * SHANGRLA's recorded histories.
 * @example agrapaMart([1, 1], { N: 10000, t: 0.5, u: 1 }, { lam0: 0.5 }).pHistory[0] // 0.8
 */
export function agrapaMart(
  x: readonly number[],
  setting: MeanTestSetting,
  options: AgrapaOptions,
): MeanTestResult {
  const m = nullMeans(x, setting);
  const c = options.c ?? 1 - EPSILON;
  const terms = new Float64Array(x.length);
  let mean = 0;
  let m2 = 0;
  for (let j = 0; j < x.length; j++) {
    const mj = m[j] as number;
    let lam = options.lam0;
    if (j > 0) {
      const ref = m[j - 1] as number;
      const d = mean - ref;
      const den = m2 / j + d * d;
      lam = den > 0 ? d / den : options.lam0;
      lam = Math.min(Math.max(lam, 0), c / mj);
    }
    const xj = x[j] as number;
    terms[j] = 1 + lam * (xj - mj);
    const delta = xj - mean;
    mean += delta / (j + 1);
    m2 += delta * (xj - mean);
  }
  return historyFromTerms(terms);
}
