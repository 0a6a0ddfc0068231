import { binomialPmf } from '../../math/binomial.ts';
import type { RoundTally } from '../bravo/bravo.ts';
import { rankContest, winnerLoserPairs, type AuditContest } from '../contest.ts';
import { binomialDistribution, upperTail } from './distribution.ts';
import type { MinervaRisk } from './minerva.ts';

// Providence (Broadrick, Vora & Zagórski 2022) for one pair: earlier rounds enter through the
// likelihood ratio of their own new draws, the current round through its tail ratio,
//   σ_j = Π_{i<j} [P_½(K'_i = k'_i) / P_p(K'_i = k'_i)] · P_½(K'_j ≥ k'_j) / P_p(K'_j ≥ k'_j),
// where K'_i counts winner votes among round i's new relevant ballots. The audit stops at the
// first round with σ_j ≤ α. (The recorded vectors check the single-round case.)

/**
 * Providence p-value for one pair; `schedule` and `winnerCounts` are cumulative per round.
 * @example providencePairRisk(0.6, 0.1, [96], [56]) // ≈ 0.0934
 */
export function providencePairRisk(
  p: number,
  alpha: number,
  schedule: readonly number[],
  winnerCounts: readonly number[],
): number {
  let logOmega = 0;
  let sigma = 1;
  let prevN = 0;
  let prevK = 0;
  for (let j = 0; j < schedule.length; j++) {
    const n = (schedule[j] as number) - prevN;
    const k = (winnerCounts[j] as number) - prevK;
    const tailAlt = upperTail(binomialDistribution(n, p), k);
    const tailNull = upperTail(binomialDistribution(n, 0.5), k);
    sigma = tailAlt === 0 ? 1 : Math.min(1, Math.exp(logOmega) * (tailNull / tailAlt));
    if (sigma <= alpha) return sigma;
    logOmega += Math.log(binomialPmf(k, n, 0.5)) - Math.log(binomialPmf(k, n, p));
    prevN += n;
    prevK += k;
  }
  return sigma;
}

/**
 * Providence risk after the rounds so far, maximised over pairs (a reported tie has risk 1).
 * @example providenceRisk(0.1, contest, [{ a: 56, b: 40, c: 3 }]).pValue
 */
export function providenceRisk(
  alpha: number,
  contest: AuditContest,
  rounds: readonly RoundTally[],
): MinervaRisk {
  let worst = 0;
  for (const [w, l] of winnerLoserPairs(rankContest(contest))) {
    if (w.votes === l.votes) return { pValue: 1, finished: false };
    const schedule: number[] = [];
    const counts: number[] = [];
    let relevant = 0;
    let winner = 0;
    for (const round of rounds) {
      relevant += (round[w.name] ?? 0) + (round[l.name] ?? 0);
      winner += round[w.name] ?? 0;
      schedule.push(relevant);
      counts.push(winner);
    }
    worst = Math.max(
      worst,
      providencePairRisk(w.votes / (w.votes + l.votes), alpha, schedule, counts),
    );
  }
  return { pValue: worst, finished: worst <= alpha };
}
