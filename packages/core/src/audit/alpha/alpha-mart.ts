import type { Estimator } from './estimators.ts';
import { isClose, type MeanTestSetting } from './population.ts';

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
  const eta = estimator(x, setting);
  const n = x.length;
  const finite = Number.isFinite(N);
  const pHistory = new Float64Array(n);
  const out = martingalePass(x, eta, pHistory, u, N, t, finite);
  const s = out[0] as number;
  let maxT = out[2] as number;
  // Σx > N t makes H0 impossible: the last term is ∞.
  if (n > 0 && finite && s > N * t) {
    const T = (out[1] as number) * Infinity;
    maxT = T > (out[3] as number) ? T : (out[3] as number);
    pHistory[n - 1] = Math.min(1, 1 / T);
  }
  return { pValue: Math.min(1, 1 / maxT), pHistory, eta };
}

const PASS_OUT = new Float64Array(4);

/**
 * The fused pass (μ_j, the term, its special cases, the running product): the same operations in
 * the same order as separate passes, so results are unchanged, with far less memory traffic.
 * Fills pHistory; returns [Σx, T before the last draw, max T, max T before the last draw] in a
 * reused array. A function of its own, so the optimised loop never carries the rarely taken code
 * after it (V8 would otherwise leave the loop's compiled code at that code on every call).
 */
function martingalePass(
  x: readonly number[],
  eta: Float64Array,
  pHistory: Float64Array,
  u: number,
  N: number,
  t: number,
  finite: boolean,
): Float64Array {
  const n = x.length;
  let s = 0;
  let T = 1;
  let beforeLast = 1;
  let maxT = -Infinity;
  let maxBeforeLast = -Infinity;
  for (let j = 0; j < n; j++) {
    const xj = x[j] as number;
    const mj = finite ? (N * t - s) / (N - j) : t;
    const ej = eta[j] as number;
    let term = ((xj * ej) / mj + ((u - xj) * (u - ej)) / (u - mj)) / u;
    // Cheap range test first: the special cases only arise near 0, near u, or beyond them.
    if (!(mj > 1e-7 && mj < u * 0.9999 && term > 1e-7)) {
      if (mj > u) term = 0;
      if (isClose(0, mj) || isClose(u, mj)) term = 1;
      if (isClose(0, term)) term = 1;
      if (mj < 0) term = Infinity;
    }
    beforeLast = T;
    maxBeforeLast = maxT;
    T *= term;
    if (T > maxT) maxT = T;
    pHistory[j] = Math.min(1, 1 / T);
    s += xj;
  }
  PASS_OUT[0] = s;
  PASS_OUT[1] = beforeLast;
  PASS_OUT[2] = maxT;
  PASS_OUT[3] = maxBeforeLast;
  return PASS_OUT;
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
