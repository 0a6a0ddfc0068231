import { normalIsf } from '../../math/normal.ts';
import {
  binomialDistribution,
  convolve,
  upperTail,
  withoutStopped,
  type Distribution,
} from './distribution.ts';

// MINERVA (Zagórski, McClearn, Morin, Ottoboni, Stark, Vora 2020) for one winner/loser pair over
// relevant ballots (votes for either). Under the alternative the winner's share is p (reported),
// under the null ½. Round j stops when the winner's cumulative count k reaches
// kmin_j = min{ k : α·P_alt(X_j ≥ k, not stopped) ≥ P_null(X_j ≥ k, not stopped) }.

/** The smallest k with α·tailAlt(k) ≥ tailNull(k), or n + 1 when no k qualifies. */
export function minervaKmin(
  alt: Distribution,
  nul: Distribution,
  alpha: number,
  n: number,
): number {
  // Scan down from the top accumulating both tails. By the monotone likelihood ratio the
  // condition holds on an upper set of k, so the first failure ends the scan.
  let tailA = 0;
  let tailN = 0;
  let kmin = n + 1;
  for (let k = n; k >= 0; k--) {
    tailA += massAt(alt, k);
    tailN += massAt(nul, k);
    if (tailA === 0) continue;
    if (alpha * tailA >= tailN) kmin = k;
    else break;
  }
  return kmin;
}

function massAt(d: Distribution, k: number): number {
  const i = k - d.start;
  return i >= 0 && i < d.mass.length ? (d.mass[i] as number) : 0;
}

/** State of a multi-round MINERVA audit for one pair after some rounds. */
export interface MinervaRounds {
  /** Alternative distribution of the cumulative winner count, earlier stops removed. */
  readonly alt: Distribution;
  /** Null distribution, earlier stops removed. */
  readonly nul: Distribution;
  /** kmin of each round. */
  readonly kmins: readonly number[];
}

/**
 * Propagates both distributions through the round schedule (cumulative relevant ballots).
 * Earlier rounds' stopping mass is removed before the next round's binomial is added.
 */
export function minervaRounds(
  p: number,
  alpha: number,
  schedule: readonly number[],
): MinervaRounds {
  let alt: Distribution = { start: 0, mass: Float64Array.of(1) };
  let nul: Distribution = { start: 0, mass: Float64Array.of(1) };
  const kmins: number[] = [];
  let previous = 0;
  for (let j = 0; j < schedule.length; j++) {
    const n = schedule[j] as number;
    if (j > 0) {
      const stop = kmins[j - 1] as number;
      alt = withoutStopped(alt, stop);
      nul = withoutStopped(nul, stop);
    }
    alt = convolve(alt, binomialDistribution(n - previous, p));
    nul = convolve(nul, binomialDistribution(n - previous, 0.5));
    kmins.push(minervaKmin(alt, nul, alpha, n));
    previous = n;
  }
  return { alt, nul, kmins };
}

/**
 * MINERVA p-value for one pair: the tail ratio P_null(X_j ≥ k_j)/P_alt(X_j ≥ k_j) of the round
 * in which the observed count first reached kmin_j (the pair's audit stopped there), else of the
 * last round. `winnerCounts` are the cumulative winner votes after each round.
 * @example minervaPairRisk(0.6, 0.1, [119], [72])
 */
export function minervaPairRisk(
  p: number,
  alpha: number,
  schedule: readonly number[],
  winnerCounts: readonly number[],
): number {
  let ratio = 1;
  for (let j = 1; j <= schedule.length; j++) {
    const { alt, nul, kmins } = minervaRounds(p, alpha, schedule.slice(0, j));
    const k = winnerCounts[j - 1] as number;
    const a = upperTail(alt, k);
    ratio = a === 0 ? 1 : Math.min(1, upperTail(nul, k) / a);
    if (k >= (kmins[j - 1] as number)) return ratio;
  }
  return ratio;
}

/** Chance of stopping in a first round of n relevant ballots, if the reported result is right. */
export function minervaStopProbability(p: number, alpha: number, n: number): number {
  const alt = binomialDistribution(n, p);
  const nul = binomialDistribution(n, 0.5);
  return upperTail(alt, minervaKmin(alt, nul, alpha, n));
}

/**
 * First-round relevant ballots for stopping probability `quantile`: the smallest n whose stopping
 * probability reaches it; below a 1.5% pairwise margin, the normal approximation
 * ⌈((z_q·√(p(1−p)) − ½·z_{αq}) / (p − ½))²⌉ with z = isf.
 */
export function minervaFirstRoundRelevant(p: number, alpha: number, quantile: number): number {
  const margin = 2 * p - 1;
  if (margin < 0.015) {
    const za = normalIsf(quantile);
    const zb = normalIsf(alpha * quantile);
    return Math.ceil(((za * Math.sqrt(p * (1 - p)) - 0.5 * zb) / (p - 0.5)) ** 2);
  }
  // The stopping probability is a sawtooth in n, so "smallest n" depends on the search; like
  // athena, double an upper bound from 10,000, then bisect keeping P(right) ≥ q.
  let right = 10_000;
  while (minervaStopProbability(p, alpha, right) < quantile) right *= 2;
  let left = 1;
  while (right - left > 1) {
    const mid = Math.floor((left + right) / 2);
    if (minervaStopProbability(p, alpha, mid) >= quantile) right = mid;
    else left = mid;
  }
  return right;
}
