/** A choice's standing in a contest, as the ranking sees it. */
export interface TalliedChoice {
  readonly index: number;
  readonly votes: number;
}

/** Who leads, whether the outcome is tied, and by how much. */
export interface Standing {
  /** Choice indices in descending order of votes; ties keep ballot order. */
  readonly order: readonly number[];
  /** The leading choice; null when nothing is counted or the top is tied. */
  readonly leader: number | null;
  /** True when the last seat is tied between a winner and a loser (so the winners are not decided). */
  readonly tie: boolean;
  /** Last winner minus first loser (leader minus runner-up in a vote-for-1 contest); null with fewer choices than seats + 1. */
  readonly marginVotes: number | null;
  /** The last winner and first loser the margin is measured between. */
  readonly marginPair: readonly [number, number] | null;
}

/**
 * Ranks choices and measures the decisive margin: leader against runner-up, or for a
 * vote-for-N contest the last winner against the first loser.
 * @example standing([{ index: 0, votes: 5 }, { index: 1, votes: 7 }], 1).leader // 1
 */
export function standing(choices: readonly TalliedChoice[], seats: number): Standing {
  const ranked = [...choices].sort((a, b) => b.votes - a.votes || a.index - b.index);
  const order = ranked.map((choice) => choice.index);
  const counted = ranked.some((choice) => choice.votes > 0);
  const first = ranked[0];
  const second = ranked[1];
  const leader =
    !counted || first === undefined
      ? null
      : second !== undefined && second.votes === first.votes
        ? null
        : first.index;
  const lastWinner = ranked[seats - 1];
  const firstLoser = ranked[seats];
  if (lastWinner === undefined || firstLoser === undefined) {
    return { order, leader, tie: false, marginVotes: null, marginPair: null };
  }
  return {
    order,
    leader,
    tie: counted && lastWinner.votes === firstLoser.votes,
    marginVotes: lastWinner.votes - firstLoser.votes,
    marginPair: [lastWinner.index, firstLoser.index],
  };
}
