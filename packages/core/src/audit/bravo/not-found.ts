import { rankContest, type AuditContest } from '../contest.ts';
import type { RoundTally } from './bravo.ts';

/**
 * Counts each ballot that could not be found as a vote for every loser in its round: the most
 * pessimistic reading, so a missing ballot can never help the reported winners.
 * @example withNotFoundAsLoserVotes(contest, [{ A: 5, B: 2 }], [1]) // [{ A: 5, B: 3 }]
 */
export function withNotFoundAsLoserVotes(
  contest: AuditContest,
  rounds: readonly RoundTally[],
  notFoundPerRound: readonly number[],
): RoundTally[] {
  const losers = rankContest(contest).losers;
  return rounds.map((round, i) => {
    const missing = notFoundPerRound[i] ?? 0;
    if (missing === 0) return round;
    const out: Record<string, number> = { ...round };
    for (const l of losers) out[l.name] = (out[l.name] ?? 0) + missing;
    return out;
  });
}
