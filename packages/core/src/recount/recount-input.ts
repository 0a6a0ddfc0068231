import type { OfficeScope, RecountContestKind, RecountElectionType } from './recount-scope.ts';

/** The votes of one choice. */
export interface RecountChoiceVotes {
  readonly id: string;
  /** Votes counted for the choice: a non-negative safe integer. */
  readonly votes: number;
  /**
   * The write-in line (the total of unnamed or uncertified write-ins). It counts towards the
   * votes cast for the office but is never ranked as a winner or loser. Pass a certified write-in
   * candidate who can win as an ordinary choice.
   */
  readonly isWriteIn?: boolean;
}

/** What {@link evaluateRecount} needs to know about a contest. */
export interface RecountInput {
  /** Two-letter postal code (DC included). */
  readonly state: string;
  readonly electionType: RecountElectionType;
  readonly scope: OfficeScope;
  readonly kind: RecountContestKind;
  /** Vote for N: the number of seats filled. 1 for a measure. */
  readonly seats: number;
  /** For a measure, the two sides (yes and no). */
  readonly choices: readonly RecountChoiceVotes[];
  /** Ballots cast on which the contest appeared, over- and under-votes included, when known. */
  readonly totalBallots?: number | undefined;
  /** The election's year, to pick the law then in force; the current law when absent. */
  readonly electionYear?: number | undefined;
}

/** Why an input could not be evaluated. */
export type RecountInputError =
  | { readonly code: 'unknown-state'; readonly message: string }
  | { readonly code: 'invalid-input'; readonly message: string };
