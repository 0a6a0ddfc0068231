import type { ChoiceResult, ContestResult } from '../src/api/types.ts';

/** A choice with votes; share filled in by {@link contestOf}. */
export function choice(
  id: string,
  name: string,
  party: string | null,
  votes: number,
  isWriteIn = false,
): ChoiceResult {
  return { id, name, party, isWriteIn, votes, share: null, lines: null, byVoteType: null };
}

/**
 * A contest result from its choices, with the leader, tie and margin worked out the way the
 * server does (margin in points of all votes, between the first two).
 */
export function contestOf(
  choices: readonly ChoiceResult[],
  reporting: { precincts?: [number, number]; pseudo?: [number, number] } = {},
): ContestResult {
  const totalVotes = choices.reduce((sum, item) => sum + item.votes, 0);
  const ranked = choices.toSorted((a, b) => b.votes - a.votes);
  const [first, second] = ranked;
  const tie =
    first !== undefined && second !== undefined && first.votes === second.votes && totalVotes > 0;
  const leader = totalVotes === 0 || tie ? null : (first ?? null);
  const round = (value: number): number => Math.round(value * 1000) / 1000;
  return {
    choices: choices.map((item) => ({
      ...item,
      share: totalVotes === 0 ? null : round((100 * item.votes) / totalVotes),
    })),
    totalVotes,
    overvotes: null,
    undervotes: null,
    blank: null,
    leader: leader?.name ?? null,
    leaderId: leader?.id ?? null,
    tie,
    margin:
      first === undefined || second === undefined || totalVotes === 0
        ? null
        : {
            votes: first.votes - second.votes,
            percentOfVotes: round((100 * (first.votes - second.votes)) / totalVotes),
            twoPartyPoints: round(
              (100 * (first.votes - second.votes)) / (first.votes + second.votes),
            ),
            between: [first.id, second.id],
          },
    precinctsReporting: reporting.precincts?.[0] ?? 0,
    precinctsTotal: reporting.precincts?.[1] ?? 0,
    pseudoUnitsReporting: reporting.pseudo?.[0] ?? 0,
    pseudoUnitsTotal: reporting.pseudo?.[1] ?? 0,
  };
}

/** The Alabama 2017 final figures for the U.S. Senate. */
export const ALABAMA_FINAL = contestOf(
  [
    choice('jones', 'Doug Jones', 'DEM', 673_352),
    choice('moore', 'Roy S. Moore', 'REP', 650_940),
    choice('write-in', 'Write-In', null, 21_464, true),
  ],
  { precincts: [2_100, 2_100], pseudo: [135, 135] },
);
