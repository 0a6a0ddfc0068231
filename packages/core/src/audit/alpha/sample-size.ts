import { alphaMart } from './alpha-mart.ts';
import type { Estimator } from './estimators.ts';

/**
 * The first 1-based draw at which ALPHA's p-history reaches α when the population is drawn in
 * the given order, or N if it never does (SHANGRLA's deterministic `sample_size`). A population
 * shorter than N is stretched by repeating each value consecutively, as numpy.repeat does.
 * @example sampleSizeFor(x, 0.05, { N: x.length, t: 0.5, u: 1 }, fixedAlternativeMean(0.6))
 */
export function sampleSizeFor(
  x: readonly number[],
  alpha: number,
  setting: { readonly N: number; readonly t: number; readonly u: number },
  estimator: Estimator,
): number {
  const N = setting.N;
  let population = x;
  if (x.length < N) {
    const reps = Math.ceil(N / x.length);
    population = x.flatMap((v) => new Array<number>(reps).fill(v)).slice(0, N);
  }
  // The history up to draw j depends only on the first j values, so test growing prefixes and
  // stop early: a 72-draw answer should not cost a million-value martingale. A crossing on a
  // prefix's last draw is re-checked on a longer prefix (the "Σx > N t" rule marks that draw).
  for (let length = Math.min(1024, N); ; length = Math.min(length * 2, N)) {
    const { pHistory } = alphaMart(population.slice(0, length), setting, estimator);
    const j = pHistory.findIndex((p) => p <= alpha);
    if (j !== -1 && (j < length - 1 || length === N)) return j + 1;
    if (length === N) return N;
  }
}

/** Inputs of {@link comparisonSampleSize}. */
export interface ComparisonSizeInput {
  /** Cards in the population. */
  readonly N: number;
  /** Assorter margin v. */
  readonly margin: number;
  /** Risk limit. */
  readonly alpha: number;
  /** Assumed 1-vote overstatement rate. */
  readonly rate1: number;
  /** Assumed 2-vote overstatement rate. */
  readonly rate2: number;
  /** η estimator for ALPHA. */
  readonly estimator: Estimator;
}

/**
 * SHANGRLA's deterministic comparison sample size: a population of no-error values 1/(2 − v),
 * with every ⌊1/rate1⌋-th value (from the first) a 1-vote overstatement ½/(2 − v) and every
 * ⌊1/rate2⌋-th a 2-vote overstatement 0. The first draw is always an error, which is pessimistic.
 * @example comparisonSampleSize({ N: 10000, margin: 0.1, alpha: 0.05, rate1: 0.001, rate2: 0, estimator: optimalComparison() }) // 72
 */
export function comparisonSampleSize(input: ComparisonSizeInput): number {
  const { N, margin } = input;
  const clean = 1 / (2 - margin);
  const x = new Array<number>(N).fill(clean);
  if (input.rate1 > 0)
    for (let i = 0; i < N; i += Math.floor(1 / input.rate1)) x[i] = 0.5 / (2 - margin);
  if (input.rate2 > 0) for (let i = 0; i < N; i += Math.floor(1 / input.rate2)) x[i] = 0;
  return sampleSizeFor(x, input.alpha, { N, t: 0.5, u: 2 / (2 - margin) }, input.estimator);
}

/**
 * The deterministic polling population: value class k's j-th copy sits at relative position
 * j/n_k, and at equal positions big values come first, then small, then medium. This rule
 * reproduces all 32 recorded SHANGRLA polling sizes (RLA.md only says "a deterministic
 * interleave of 0s, 1/2s and 1s").
 * @example interleaveValues(1, 0, 1) // [1, 0]
 */
export function interleaveValues(
  nSmall: number,
  nMed: number,
  nBig: number,
  values: readonly [number, number, number] = [0, 0.5, 1],
): number[] {
  // A three-way merge of the classes' position sequences j/n_k (the same comparisons a sort by
  // (position, tie rank) makes, in O(N) and without a slot object per value).
  const counts = [nSmall, nMed, nBig];
  const TIE_RANK = [1, 2, 0];
  const next = [0, 0, 0];
  const total = nSmall + nMed + nBig;
  const out = new Array<number>(total);
  for (let i = 0; i < total; i++) {
    let best = -1;
    let bestAt = 0;
    for (let kind = 0; kind < 3; kind++) {
      const n = counts[kind] as number;
      const j = next[kind] as number;
      if (j >= n) continue;
      const at = j / n;
      if (
        best === -1 ||
        at < bestAt ||
        (at === bestAt && (TIE_RANK[kind] as number) < (TIE_RANK[best] as number))
      ) {
        best = kind;
        bestAt = at;
      }
    }
    out[i] = values[best] as number;
    next[best] = (next[best] as number) + 1;
  }
  return out;
}
