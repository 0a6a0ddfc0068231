/** A card's votes in each contest (truthy values are votes). */
export type CardVotes = Readonly<Record<string, Readonly<Record<string, number | boolean>>>>;

/** A card as the assorters see it. */
export interface AssortCard {
  /** Votes by contest. */
  readonly votes: CardVotes;
  /** A phantom card stands in for a card that should exist but was not found. */
  readonly phantom?: boolean;
}

const voted = (v: number | boolean | undefined): number =>
  v === undefined || v === false || v === 0 ? 0 : 1;

/** An assorter: a value in [0, u] whose mean exceeds ½ iff the assertion holds. */
export interface Assorter {
  /** The assorter's value for a card. */
  readonly assort: (card: AssortCard) => number;
  /** Upper bound u. */
  readonly upperBound: number;
}

/**
 * Plurality pair assorter (winner beats loser): (vote_w − vote_l + 1)/2, so ½ for a card
 * without the contest. Overvotes are not special-cased, as in SHANGRLA without validate_vote.
 * @example pluralityAssorter('mayor', 'Alice', 'Bob').assort({ votes: { mayor: { Alice: 1 } } }) // 1
 */
export function pluralityAssorter(contest: string, winner: string, loser: string): Assorter {
  return {
    upperBound: 1,
    assort: (card) => {
      const v = card.votes[contest] ?? {};
      return (voted(v[winner]) - voted(v[loser]) + 1) / 2;
    },
  };
}

/**
 * Supermajority assorter (winner gets more than share f of valid votes): 1[winner]/(2f) when the
 * card has exactly one vote among the candidates, else ½. A card without the contest is ½
 * (SHANGRLA raises KeyError there).
 * @example supermajorityAssorter('m', 'Yes', ['Yes', 'No'], 2 / 3).assort({ votes: { m: { Yes: 1 } } }) // 0.75
 */
export function supermajorityAssorter(
  contest: string,
  winner: string,
  candidates: readonly string[],
  share: number,
): Assorter {
  return {
    upperBound: 1 / (2 * share),
    assort: (card) => {
      const v = card.votes[contest] ?? {};
      const votes = candidates.reduce((s, c) => s + voted(v[c]), 0);
      return votes === 1 ? voted(v[winner]) / (2 * share) : 0.5;
    },
  };
}

/** Options of {@link overstatementAssorter}. */
export interface OverstatementOptions {
  /** The contest. */
  readonly contest: string;
  /** The underlying assorter A. */
  readonly assorter: Assorter;
  /** Assorter margin v = 2Ā − 1 from the reported results. */
  readonly margin: number;
  /** Card-style data: an MVR without the contest counts as 0. */
  readonly useStyle: boolean;
}

/**
 * Ballot-comparison (overstatement) assorter: B = (1 − ω/u_A)/(2 − v/u_A), ω = A(cvr) − A(mvr).
 * A phantom CVR assorts to ½; a phantom MVR, or (with card-style data) an MVR without the
 * contest, to 0, the worst case.
 * @example overstatementAssorter({ contest: 'm', assorter, margin: 0.06, useStyle: true }).assort(cvr, mvr)
 */
export function overstatementAssorter(options: OverstatementOptions): {
  readonly assort: (cvr: AssortCard, mvr: AssortCard) => number;
  readonly upperBound: number;
} {
  const { assorter, margin, contest, useStyle } = options;
  const u = assorter.upperBound;
  const denom = 2 - margin / u;
  return {
    upperBound: 2 / denom,
    assort: (cvr, mvr) => {
      const a = cvr.phantom === true ? 0.5 : assorter.assort(cvr);
      const b =
        mvr.phantom === true || (useStyle && mvr.votes[contest] === undefined)
          ? 0
          : assorter.assort(mvr);
      return (1 - (a - b) / u) / denom;
    },
  };
}

/**
 * The supermajority margin as SHANGRLA's `find_margin_from_tally` computes it: q(p/f − 1), with
 * p the winner's votes and q the valid votes, both as shares of cards.
 * @example supermajorityMarginFromTally(700, 950, 1000, 2 / 3) // ≈ 0.0475
 */
export function supermajorityMarginFromTally(
  winnerVotes: number,
  validVotes: number,
  cards: number,
  share: number,
): number {
  return (validVotes / cards) * (winnerVotes / cards / share - 1);
}
