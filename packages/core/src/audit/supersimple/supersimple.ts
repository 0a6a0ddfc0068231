import { rankContest, winnerLoserPairs, type AuditContest } from '../contest.ts';
import { GAMMA, R1, R2, S1, S2 } from './constants.ts';
import type { Discrepancy } from './discrepancy.ts';

/** The smallest pairwise margin as a share of ballots (−1 when the contest has no loser). */
export function dilutedMargin(contest: AuditContest): number {
  const pairs = winnerLoserPairs(rankContest(contest));
  if (pairs.length === 0) return -1;
  return Math.min(...pairs.map(([w, l]) => (w.votes - l.votes) / contest.ballots));
}

/** One audited ballot: its discrepancy (null if none) and how many times it was drawn. */
export interface SampledDiscrepancy {
  /** The kept discrepancy, or null. */
  readonly discrepancy: Discrepancy | null;
  /** Draws of this ballot (sampling with replacement). */
  readonly timesSampled: number;
}

/** Risk of a ballot-comparison audit. */
export interface ComparisonRisk {
  /** Kaplan-Markov p-value, at most 1. */
  readonly pValue: number;
  /** 0 < p < α, or a full hand count. */
  readonly finished: boolean;
}

/**
 * Kaplan-Markov p-value of a SuperSimple ballot-comparison audit:
 * Π [(1 − 1/U) / (1 − max(0, e)·μN/(2γ))]^times, U = 2γ/μ, with e the weighted error.
 * A tie (μ = 0) leaves p at 1; drawing as many times as there are ballots ends the audit.
 * @example supersimpleRisk(0.05, contest, [{ discrepancy: null, timesSampled: 34 }]).pValue
 */
export function supersimpleRisk(
  alpha: number,
  contest: AuditContest,
  sample: readonly SampledDiscrepancy[],
): ComparisonRisk {
  const N = contest.ballots;
  const draws = sample.reduce((s, b) => s + b.timesSampled, 0);
  if (draws >= N) return { pValue: 0, finished: true };
  const mu = dilutedMargin(contest);
  if (!(mu > 0)) return { pValue: 1, finished: false };
  const U = (2 * GAMMA) / mu;
  const V = mu * N;
  let logP = 0;
  for (const b of sample) {
    const e = Math.max(0, b.discrepancy?.weightedError ?? 0);
    const term = (1 - 1 / U) / (1 - (e * V) / (2 * GAMMA));
    logP += b.timesSampled * Math.log(term);
  }
  const p = Math.min(1, Math.exp(logP));
  return { pValue: p, finished: p > 0 && p < alpha };
}

/** Observed discrepancy counts so far (understatements are not used). */
export interface ComparisonSampleCounts {
  /** Ballots drawn so far. */
  readonly sampleSize: number;
  /** 1-vote overstatements. */
  readonly oneOver: number;
  /** 2-vote overstatements. */
  readonly twoOver: number;
}

/**
 * SuperSimple sample size for the next round. Round 1 assumes the default error rates; later
 * rounds extrapolate the observed overstatement rates. Returns the additional ballots to draw.
 * @example supersimpleSampleSize(0.1, contest, { sampleSize: 0, oneOver: 0, twoOver: 0 })
 */
export function supersimpleSampleSize(
  alpha: number,
  contest: AuditContest,
  counts: ComparisonSampleCounts,
): number {
  const N = contest.ballots;
  const mu = dilutedMargin(contest);
  const n = counts.sampleSize;
  const [r1, r2, s1, s2] =
    n > 0 ? [counts.oneOver / n, counts.twoOver / n, 0, 0] : [R1, R2, S1, S2];
  const lnAlpha = Math.log(alpha);
  const g1 = Math.log(1 - 1 / (2 * GAMMA));
  const g2 = Math.log(1 - 1 / GAMMA);
  const h1 = Math.log(1 + 1 / (2 * GAMMA));
  const h2 = Math.log(1 + 1 / GAMMA);
  const denom = Math.log(1 - mu / (2 * GAMMA)) - r1 * g1 - r2 * g2 - s1 * h1 - s2 * h2;
  if (!(mu > 0) || denom >= 0) return N - n;
  const n0 = Math.ceil(lnAlpha / denom);
  const o1 = Math.ceil(r1 * n0);
  const o2 = roundHalfUp(r2 * n0);
  const u1 = Math.ceil(s1 * n0);
  const u2 = roundHalfUp(s2 * n0);
  const bound = Math.ceil((-2 * GAMMA * (lnAlpha + o1 * g1 + o2 * g2 + u1 * h1 + u2 * h2)) / mu);
  const nMin = Math.max(o1 + o2 + u1 + u2, bound);
  // Never negative: a sample that already meets the risk limit needs no more ballots.
  return Math.max(0, Math.min(nMin, N) - n);
}

function roundHalfUp(x: number): number {
  return Math.floor(x + 0.5);
}
