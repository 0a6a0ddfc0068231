import { err, ok, type Result } from '../util/result.ts';
import type { RecountInput, RecountInputError } from './recount-input.ts';

/** One ranked choice and its votes. */
export interface MarginChoice {
  readonly id: string;
  readonly votes: bigint;
}

/**
 * The pair a recount margin is measured between, and the totals statutes divide by. For vote-for-N
 * the pair is the last winner (rank N) and the first loser (rank N + 1): the closest call in the
 * contest. A tie for the last seat is a margin of 0.
 */
export interface ContestMargin {
  /** Ranked choices, most votes first; write-in lines left out. */
  readonly ranked: readonly MarginChoice[];
  /** The last winner and the first loser; null when there is no loser (uncontested). */
  readonly pair: { readonly lastWinner: MarginChoice; readonly firstLoser: MarginChoice } | null;
  readonly marginVotes: bigint | null;
  /** All votes for the office or measure, write-ins included. */
  readonly totalVotes: bigint;
  readonly seats: number;
}

/**
 * Ranks a contest's choices and finds the margin a recount law tests.
 * @example contestMargin(input).value.marginVotes // 21924n for Alabama 2017
 */
export function contestMargin(input: RecountInput): Result<ContestMargin, RecountInputError> {
  if (!Number.isSafeInteger(input.seats) || input.seats < 1) {
    return err({
      code: 'invalid-input',
      message: `seats must be a positive integer, not ${String(input.seats)}`,
    });
  }
  if (input.kind === 'measure' && input.seats !== 1) {
    return err({ code: 'invalid-input', message: 'a measure has one outcome: seats must be 1' });
  }
  for (const choice of input.choices) {
    if (!Number.isSafeInteger(choice.votes) || choice.votes < 0) {
      return err({
        code: 'invalid-input',
        message: `votes for ${choice.id} must be a non-negative integer, not ${String(choice.votes)}`,
      });
    }
  }
  const ids = new Set(input.choices.map((choice) => choice.id));
  if (ids.size !== input.choices.length) {
    return err({ code: 'invalid-input', message: 'choice ids must be distinct' });
  }
  if (
    input.totalBallots !== undefined &&
    (!Number.isSafeInteger(input.totalBallots) || input.totalBallots < 0)
  ) {
    return err({ code: 'invalid-input', message: 'totalBallots must be a non-negative integer' });
  }
  const ranked = input.choices
    .filter((choice) => choice.isWriteIn !== true)
    .map((choice) => ({ id: choice.id, votes: BigInt(choice.votes) }))
    // Array.prototype.sort is stable: equal votes keep their input order.
    .sort((a, b) => (a.votes === b.votes ? 0 : a.votes > b.votes ? -1 : 1));
  const totalVotes = input.choices.reduce((sum, choice) => sum + BigInt(choice.votes), 0n);
  const lastWinner = ranked[input.seats - 1];
  const firstLoser = ranked[input.seats];
  const pair =
    lastWinner !== undefined && firstLoser !== undefined ? { lastWinner, firstLoser } : null;
  return ok({
    ranked,
    pair,
    marginVotes: pair === null ? null : pair.lastWinner.votes - pair.firstLoser.votes,
    totalVotes,
    seats: input.seats,
  });
}
