import type { ContestMargin } from './contest-margin.ts';
import type { Rational } from './rational.ts';
import type { Denominator } from './recount-scope.ts';
import type { RuleTest } from './rules-schema.ts';

/** A contest's value of each statutory denominator, and what had to be assumed to get it. */
export interface ContestTotals {
  readonly value: (name: Denominator) => Rational;
  /** Denominators that stand in for one the input did not give (ballots cast). */
  readonly assumed: ReadonlySet<Denominator>;
}

const whole = (n: bigint): Rational => ({ num: n, den: 1n });

/**
 * The statutory denominators of a contest. Ballots cast (`B_contest`) and Michigan's "votes cast
 * in that statewide election" (`T_stwide`) fall back to the votes for the office when
 * `ballots` is not given; the fallback is the smaller total, so it can miss a trigger but
 * never invent one, and callers flag the result as uncertain when it does not trigger.
 * @example contestTotals(margin, undefined).value('T_top2') // { num: 1325868n, den: 1n }
 */
export function contestTotals(margin: ContestMargin, ballots: bigint | undefined): ContestTotals {
  const first = margin.ranked[0]?.votes ?? 0n;
  const pair = margin.pair;
  const assumed = new Set<Denominator>();
  if (ballots === undefined) {
    assumed.add('B_contest');
    assumed.add('T_stwide');
  }
  const value = (name: Denominator): Rational => {
    switch (name) {
      case 'T_office':
      case 'T_measure':
        return whole(margin.totalVotes);
      case 'T_top2':
        return whole(pair === null ? 0n : pair.lastWinner.votes + pair.firstLoser.votes);
      case 'V_winner':
        return whole(first);
      case 'V_low_win':
        return whole(pair?.lastWinner.votes ?? first);
      case 'B_contest':
      case 'T_stwide':
        return whole(ballots ?? margin.totalVotes);
      case 'T_office_per_seat':
        return { num: margin.totalVotes, den: BigInt(margin.seats) };
    }
  };
  return { value, assumed };
}

/** The denominators a test refers to, to know which assumptions it leans on. */
export function denominatorsIn(test: RuleTest): readonly Denominator[] {
  if ('pct' in test) return [test.of];
  if ('total' in test) return [test.total];
  if ('all' in test) return test.all.flatMap(denominatorsIn);
  if ('any' in test) return test.any.flatMap(denominatorsIn);
  return [];
}
