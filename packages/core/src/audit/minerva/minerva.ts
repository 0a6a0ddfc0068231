import { err, ok, type Result } from '../../util/result.ts';
import type { RoundTally, SizeOptions } from '../bravo/bravo.ts';
import {
  rankContest,
  winnerLoserPairs,
  type AuditContest,
  type AuditMathError,
} from '../contest.ts';
import { minervaFirstRoundRelevant, minervaPairRisk } from './minerva-math.ts';

/** Risk of a MINERVA audit (Arlo reports one pseudo-pair 'winner'/'loser' with the maximum). */
export interface MinervaRisk {
  /** Maximum pairwise p-value. */
  readonly pValue: number;
  /** p ≤ α. */
  readonly finished: boolean;
}

/**
 * MINERVA risk after the rounds so far (tallies per round, in order). Each pair's round schedule
 * is its cumulative relevant ballots; its p-value is the tail ratio of the round where it stopped
 * (or the last round), and the contest's is the maximum over pairs. A reported tie cannot be confirmed: p = 1 (Arlo raises "Incorrect reported winners").
 * @example minervaRisk(0.1, contest, [{ A: 72, B: 47 }]).pValue
 */
export function minervaRisk(
  alpha: number,
  contest: AuditContest,
  rounds: readonly RoundTally[],
): MinervaRisk {
  let worst = 0;
  for (const [w, l] of winnerLoserPairs(rankContest(contest))) {
    if (w.votes === l.votes) return { pValue: 1, finished: false };
    const p = w.votes / (w.votes + l.votes);
    const schedule: number[] = [];
    const winnerCounts: number[] = [];
    let relevant = 0;
    let winnerVotes = 0;
    for (const round of rounds) {
      relevant += (round[w.name] ?? 0) + (round[l.name] ?? 0);
      winnerVotes += round[w.name] ?? 0;
      schedule.push(relevant);
      winnerCounts.push(winnerVotes);
    }
    worst = Math.max(worst, minervaPairRisk(p, alpha, schedule, winnerCounts));
  }
  return { pValue: worst, finished: worst <= alpha };
}

const QUANTILES = ['0.7', '0.8', '0.9'] as const;

/** Inputs of {@link minervaSampleSizes}. */
export interface MinervaSizeInput {
  /** Risk limit as a fraction. */
  readonly alpha: number;
  /** The contest. */
  readonly contest: AuditContest;
  /** Ballots drawn in each earlier round (empty in round 1). */
  readonly roundSizes: readonly number[];
  /** Growth of later rounds over the first (Arlo's MINERVA_MULTIPLE, default 1.5). */
  readonly multiple?: number;
}

/**
 * MINERVA sample-size options. Round 1: per pair, the relevant ballots that stop with
 * probability 70/80/90% (bisection; normal approximation below a 1.5% margin), rescaled to all
 * ballots and maximised over pairs. A zero-vote loser is computed like any other pair (Arlo
 * hard-codes 4, too few at α = 5%). Later rounds follow Arlo's heuristic: first round × 1.5^r.
 * @example minervaSampleSizes({ alpha: 0.1, contest, roundSizes: [] })
 */
export function minervaSampleSizes(input: MinervaSizeInput): Result<SizeOptions, AuditMathError> {
  const { alpha, contest } = input;
  if (!(alpha > 0 && alpha < 1))
    return err({ type: 'ValueError', message: 'risk limit must be in (0, 1)' });
  const ranked = rankContest(contest);
  const pairs = winnerLoserPairs(ranked);
  if (input.roundSizes.length > 0) {
    const first = input.roundSizes[0] as number;
    const size = Math.floor(first * (input.multiple ?? 1.5) ** (input.roundSizes.length + 1));
    return ok({ '0.9': { type: null, size, prob: 0.9 } });
  }
  const options: Record<string, { type: null; size: number; prob: number }> = {};
  if (pairs.length === 0) {
    for (const q of QUANTILES) options[q] = { type: null, size: -1, prob: Number(q) };
    return ok(options);
  }
  const tie = pairs.some(([w, l]) => w.votes === l.votes);
  for (const q of QUANTILES) {
    let size = 0;
    for (const [w, l] of pairs) {
      if (tie) {
        size = contest.ballots;
        break;
      }
      const relevant = minervaFirstRoundRelevant(w.votes / (w.votes + l.votes), alpha, Number(q));
      size = Math.max(size, Math.ceil((relevant * contest.ballots) / (w.votes + l.votes)));
    }
    options[q] = { type: null, size, prob: Number(q) };
  }
  if (!Number.isFinite(alpha))
    return err({ type: 'ValueError', message: 'risk limit must be finite' });
  return ok(options);
}
