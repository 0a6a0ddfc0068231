import { logGamma } from '../../math/log-gamma.ts';
import { maximizeUnimodal } from '../../math/maximize.ts';
import { rankContest, winnerLoserPairs, type AuditContest } from '../contest.ts';
import { GAMMA } from '../supersimple/constants.ts';

// SUITE (Ottoboni, Stark, Lindeman & McBurnett 2018): a hybrid audit with a CVR (comparison)
// stratum and a no-CVR (ballot-polling) stratum. For an allocation λ of the overall margin V,
// the comparison stratum tests "its overstatement is at least λV" and the polling stratum tests
// "its margin is at most its reported margin minus (1 − λ)V"; Fisher's combination of the two
// p-values is maximised over λ. Canvass maximises numerically to convergence (the reference's
// grid refinement stops early once p exceeds α, so its p-value depends on α).

/** Overstatement counts for one (winner, loser) pair in the comparison stratum. */
export interface PairMisstatements {
  readonly o1: number;
  readonly o2: number;
  readonly u1: number;
  readonly u2: number;
}

/**
 * Kaplan-Markov p-value of the comparison stratum for allocation λ:
 * exp(n ln(1 − λ/(γU)) − o1 ln(1 − 1/2γ) − o2 ln(1 − 1/γ) − u1 ln(1 + 1/2γ) − u2 ln(1 + 1/γ)),
 * with U = 2N_s/V.
 * @example comparisonStratumPValue(0.3, { n: 500, ballots: 10000, margin: 200, misstatements: { o1: 0, o2: 0, u1: 0, u2: 0 } }) // ≈ 0.2356
 */
export function comparisonStratumPValue(
  lambda: number,
  s: {
    readonly n: number;
    readonly ballots: number;
    readonly margin: number;
    readonly misstatements: PairMisstatements;
  },
): number {
  const U = (2 * s.ballots) / s.margin;
  const t = 1 - lambda / (GAMMA * U);
  if (t <= 0) return 0;
  const m = s.misstatements;
  const log =
    s.n * Math.log(t) -
    m.o1 * Math.log(1 - 1 / (2 * GAMMA)) -
    m.o2 * Math.log(1 - 1 / GAMMA) -
    m.u1 * Math.log(1 + 1 / (2 * GAMMA)) -
    m.u2 * Math.log(1 + 1 / GAMMA);
  return Math.min(1, Math.exp(log));
}

/** The polling stratum and its sample for one pair. */
export interface PollingStratumPair {
  /** Ballots in the stratum. */
  readonly ballots: number;
  /** Reported votes for the winner and the loser in the stratum. */
  readonly reportedWinner: number;
  readonly reportedLoser: number;
  /** Ballots drawn (without replacement) and the winner and loser votes among them. */
  readonly n: number;
  readonly sampledWinner: number;
  readonly sampledLoser: number;
}

// ln of the falling factorial x(x−1)…(x−k+1), extended to real x by ln Γ.
const logFalling = (x: number, k: number): number => logGamma(x + 1) - logGamma(x - k + 1);

/**
 * Polling-stratum p-value for allocation λ_p: the likelihood ratio of the sample (drawn without
 * replacement) under the least favourable null, with stratum margin N_w − N_l = V_s − λ_p V,
 * against the reported tallies, maximised over the nuisance N_w (real-valued).
 * @example pollingStratumPValue(0.7, 200, { ballots: 1000, reportedWinner: 750, reportedLoser: 150, n: 250, sampledWinner: 187, sampledLoser: 37 }) // ≈ 0.006068
 */
export function pollingStratumPValue(
  lambdaP: number,
  margin: number,
  s: PollingStratumPair,
): number {
  const w = s.sampledWinner;
  const l = s.sampledLoser;
  const u = s.n - w - l;
  if (s.n === 0) return 1;
  const reportedOther = s.ballots - s.reportedWinner - s.reportedLoser;
  const c = s.reportedWinner - s.reportedLoser - lambdaP * margin;
  const alt =
    logFalling(s.reportedWinner, w) + logFalling(s.reportedLoser, l) + logFalling(reportedOther, u);
  const logRatio = (nw: number): number =>
    logFalling(nw, w) + logFalling(nw - c, l) + logFalling(s.ballots - 2 * nw + c, u) - alt;
  const lo = Math.max(w, l + c);
  const hi = (s.ballots + c - u) / 2;
  if (lo > hi) return 0;
  return Math.min(1, Math.exp(maximizeUnimodal(logRatio, lo, hi, 1e-12).value));
}

/** Fisher's combination of two independent p-values (χ² with 4 degrees of freedom). */
export function fisherCombined(p1: number, p2: number): number {
  if (p1 === 0 || p2 === 0) return 0;
  const x = -2 * (Math.log(p1) + Math.log(p2));
  return Math.exp(-x / 2) * (1 + x / 2);
}

/** A hybrid audit's strata. */
export interface SuiteStrata {
  readonly cvr: {
    readonly ballots: number;
    readonly n: number;
    /** Misstatements per "winner|loser" pair key. */
    readonly misstatements: ReadonlyMap<string, PairMisstatements>;
  };
  readonly polling: {
    readonly ballots: number;
    readonly n: number;
    /** Reported votes per choice in the stratum. */
    readonly reported: Readonly<Record<string, number>>;
    /** Sampled votes per choice (cumulative over rounds). */
    readonly sampled: Readonly<Record<string, number>>;
  };
}

/**
 * SUITE risk: per pair, the maximum over λ ∈ [0, 1] of Fisher's combination of the comparison
 * p-value at λ and the polling p-value at 1 − λ; the contest's risk is the maximum over pairs.
 * @example suiteRisk(0.1, contest, strata).pValue
 */
export function suiteRisk(
  alpha: number,
  contest: AuditContest,
  strata: SuiteStrata,
): { readonly pValue: number; readonly finished: boolean } {
  let worst = 0;
  for (const [w, l] of winnerLoserPairs(rankContest(contest))) {
    const margin = w.votes - l.votes;
    if (margin <= 0) return { pValue: 1, finished: false };
    const misstatements = strata.cvr.misstatements.get(`${w.name}|${l.name}`) ?? {
      o1: 0,
      o2: 0,
      u1: 0,
      u2: 0,
    };
    const poll: PollingStratumPair = {
      ballots: strata.polling.ballots,
      reportedWinner: strata.polling.reported[w.name] ?? 0,
      reportedLoser: strata.polling.reported[l.name] ?? 0,
      n: strata.polling.n,
      sampledWinner: strata.polling.sampled[w.name] ?? 0,
      sampledLoser: strata.polling.sampled[l.name] ?? 0,
    };
    const combined = (lambda: number): number =>
      fisherCombined(
        comparisonStratumPValue(lambda, {
          n: strata.cvr.n,
          ballots: strata.cvr.ballots,
          margin,
          misstatements,
        }),
        pollingStratumPValue(1 - lambda, margin, poll),
      );
    // A coarse grid guards against local maxima; golden-section search refines the best cell.
    const steps = 200;
    let bestK = 0;
    let best = -Infinity;
    for (let k = 0; k <= steps; k++) {
      const v = combined(k / steps);
      if (v > best) {
        best = v;
        bestK = k;
      }
    }
    const refined = maximizeUnimodal(
      combined,
      Math.max(0, (bestK - 1) / steps),
      Math.min(1, (bestK + 1) / steps),
      1e-12,
    );
    worst = Math.max(worst, refined.value, best);
  }
  const pValue = Math.min(1, worst);
  return { pValue, finished: pValue <= alpha };
}
