import { rankContest, winnerLoserPairs, type AuditContest } from '../contest.ts';

/** One side of a MACRO comparison: a choice, or "every other choice" for runoff thresholds. */
export interface PairSide {
  /** Choice names whose votes are summed for this side. */
  readonly choices: readonly string[];
}

/** A (winner side, loser side) comparison and its reported margin in votes. */
export interface MacroPair {
  /** The side reported ahead. */
  readonly winner: PairSide;
  /** The side reported behind. */
  readonly loser: PairSide;
  /** V_wl: reported margin minus pending and unauditable ballots. */
  readonly margin: number;
}

/** Sums a side's votes in a tally. */
export function sideVotes(side: PairSide, tally: Readonly<Record<string, number>>): number {
  let s = 0;
  for (const c of side.choices) s += tally[c] ?? 0;
  return s;
}

/**
 * The comparisons a batch audit must confirm: every (winner, loser) pair and, for a runoff
 * contest, the majority threshold (the top choice against all others when it has a majority;
 * all others against it when it does not, which is what sends the contest to a runoff).
 */
export function macroPairs(contest: AuditContest, unauditable: number): MacroPair[] {
  const ranked = rankContest(contest);
  const slack = (contest.pendingBallots ?? 0) + unauditable;
  const pairs: MacroPair[] = winnerLoserPairs(ranked).map(([w, l]) => ({
    winner: { choices: [w.name] },
    loser: { choices: [l.name] },
    margin: w.votes - l.votes - slack,
  }));
  const top = [...ranked.winners, ...ranked.losers][0];
  if (contest.isSubjectToRunoff === true && top !== undefined) {
    const others = contest.choices.map(([n]) => n).filter((n) => n !== top.name);
    const otherVotes = ranked.totalVotes - top.votes;
    const topSide = { choices: [top.name] };
    const otherSide = { choices: others };
    pairs.push(
      top.votes > otherVotes
        ? { winner: topSide, loser: otherSide, margin: top.votes - otherVotes - slack }
        : { winner: otherSide, loser: topSide, margin: otherVotes - top.votes - slack },
    );
  }
  return pairs;
}
