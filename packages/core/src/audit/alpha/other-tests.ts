import { historyFromTerms, type MeanTestResult } from './alpha-mart.ts';
import { nullMeans, type MeanTestSetting } from './population.ts';

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
