/** A contest as the audit math sees it (Arlo's shape): reported votes per choice, in order. */
export interface AuditContest {
  /** Contest name (the key of per-contest tallies). */
  readonly name: string;
  /** Reported votes per choice, `[name, votes]`, in listing order. */
  readonly choices: readonly (readonly [string, number])[];
  /** Ballot cards cast in the contest (≥ Σ votes / votesAllowed; undervotes are implicit). */
  readonly ballots: number;
  /** Number of winners. */
  readonly numWinners: number;
  /** Votes allowed per ballot. */
  readonly votesAllowed: number;
  /** Ballots not yet counted (MACRO subtracts them from every margin). */
  readonly pendingBallots?: number;
  /** A runoff contest: without a majority the top two advance. */
  readonly isSubjectToRunoff?: boolean;
}

/** One candidate with the shares the audit math uses. */
export interface RankedChoice {
  /** Choice name. */
  readonly name: string;
  /** Reported votes. */
  readonly votes: number;
  /** votes / ballots: the share of ballot cards. */
  readonly pBallots: number;
  /** votes / Σ votes: the share of votes. */
  readonly pVotes: number;
}

/** Winners and losers by reported votes. */
export interface RankedContest {
  /** Winners, most votes first. */
  readonly winners: readonly RankedChoice[];
  /** Losers, most votes first. */
  readonly losers: readonly RankedChoice[];
  /** Σ votes over all choices. */
  readonly totalVotes: number;
}

/**
 * Ranks choices by votes, descending, with a stable sort so ties keep listing order; the first
 * `numWinners` win (two when a runoff contest has no majority).
 * @example rankContest({ name: 'c', choices: [['A', 40], ['B', 60]], ballots: 100, numWinners: 1, votesAllowed: 1 }).winners[0]?.name // 'B'
 */
export function rankContest(contest: AuditContest): RankedContest {
  const totalVotes = contest.choices.reduce((s, [, v]) => s + v, 0);
  const ranked = contest.choices
    .map(([name, votes]) => ({
      name,
      votes,
      pBallots: contest.ballots > 0 ? votes / contest.ballots : 0,
      pVotes: totalVotes > 0 ? votes / totalVotes : 0,
    }))
    .sort((a, b) => b.votes - a.votes);
  let numWinners = contest.numWinners;
  if (contest.isSubjectToRunoff === true && (ranked[0]?.pVotes ?? 0) <= 0.5) numWinners = 2;
  return { winners: ranked.slice(0, numWinners), losers: ranked.slice(numWinners), totalVotes };
}

/** Every (winner, loser) pair, winners outer, in rank order. */
export function winnerLoserPairs(ranked: RankedContest): [RankedChoice, RankedChoice][] {
  return ranked.winners.flatMap((w) =>
    ranked.losers.map((l): [RankedChoice, RankedChoice] => [w, l]),
  );
}

/** An expected failure of the audit math, with the reference implementation's error class name. */
export interface AuditMathError {
  /** `ValueError` and the like, as the reference raises them (vector parity). */
  readonly type: string;
  /** Human-readable message. */
  readonly message: string;
}
