import type { Estimator } from './estimators.ts';
import { isClose, nullMeans, type MeanTestSetting } from './population.ts';

/** A sequential test's result. */
export interface MeanTestResult {
  /** min(1, 1 / max_j T_j). */
  readonly pValue: number;
  /** min(1, 1 / T_j) after each draw. */
  readonly pHistory: Float64Array;
}

/** ALPHA's result, with the η_j used. */
export interface AlphaMartResult extends MeanTestResult {
  /** η_j for each draw. */
  readonly eta: Float64Array;
}

/**
 * ALPHA supermartingale test of H0: mean ≤ t (Stark 2023):
 * T_j = Π_{i≤j} [x_i η_i/μ_i + (u − x_i)(u − η_i)/(u − μ_i)] / u.
 * Edge cases follow SHANGRLA: a term is 0 when μ_i > u, 1 when μ_i is ≈ 0 or ≈ u or the term is
 * ≈ 0, ∞ when μ_i < 0 (H0 is then impossible), and the last term is ∞ when Σx > N t.
 * @example alphaMart([1, 1, 1], { N: Infinity, t: 0.5, u: 1 }, fixedAlternativeMean(0.75)).pValue // (2/3)^3
 */
export function alphaMart(
  x: readonly number[],
  setting: MeanTestSetting,
  estimator: Estimator,
): AlphaMartResult {
  const { u, N, t } = setting;
  const m = nullMeans(x, setting);
  const eta = estimator(x, setting);
  const terms = new Float64Array(x.length);
  for (let j = 0; j < x.length; j++) {
    const xj = x[j] as number;
    const mj = m[j] as number;
    const ej = eta[j] as number;
    terms[j] = ((xj * ej) / mj + ((u - xj) * (u - ej)) / (u - mj)) / u;
  }
  for (let j = 0; j < x.length; j++) {
    const mj = m[j] as number;
    // Cheap range test first: the special cases only arise near 0, near u, or beyond them.
    if (mj > 1e-7 && mj < u * 0.9999 && (terms[j] as number) > 1e-7) continue;
    if (mj > u) terms[j] = 0;
    if (isClose(0, mj) || isClose(u, mj)) terms[j] = 1;
    if (isClose(0, terms[j] as number)) terms[j] = 1;
    if (mj < 0) terms[j] = Infinity;
  }
  const total = x.reduce((s, v) => s + v, 0);
  if (x.length > 0 && Number.isFinite(N) && total > N * t) terms[x.length - 1] = Infinity;
  return { ...historyFromTerms(terms), eta };
}

/** p-values from the multiplicative terms of a test supermartingale. */
export function historyFromTerms(terms: ArrayLike<number>): MeanTestResult {
  const pHistory = new Float64Array(terms.length);
  let T = 1;
  let maxT = -Infinity;
  for (let j = 0; j < terms.length; j++) {
    T *= terms[j] as number;
    if (T > maxT) maxT = T;
    pHistory[j] = Math.min(1, 1 / T);
  }
  return { pValue: Math.min(1, 1 / maxT), pHistory };
}
