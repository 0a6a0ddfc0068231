import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { evaluateRuleTest } from './evaluate-rule-test.ts';
import { integerTestHolds } from './integer-test-oracle.ts';
import { parseRecountRules } from './parse-recount-rules.ts';
import { largestIntegerWithin, parsePercent, type Rational } from './rational.ts';
import type { Denominator } from './recount-scope.ts';
import type { RecountRule } from './rules-schema.ts';

const parsed = parseRecountRules(
  JSON.parse(
    readFileSync(new URL('../../../../data/recount/recount-rules.json', import.meta.url), 'utf8'),
  ),
);
assert.ok(parsed.ok);
const rules = parsed.value;

// Rules whose integer_test states more than the structured test evaluates, by design: a band
// whose lower edge is the automatic margin (ND), a cost band (MT), and Utah's "difference of one
// vote", which Canvass reads as margin <= 1 because a tie is already recounted automatically.
const BANDS = new Set(['ND requested 0', 'ND requested 1', 'MT requested 2', 'UT requested 1']);

const testedRules: { readonly id: string; readonly rule: RecountRule }[] = rules.states.flatMap(
  (state) =>
    (['automatic', 'requested'] as const).flatMap((side) =>
      state[side].rules
        .map((rule, index) => ({ id: `${state.abbr} ${side} ${String(index)}`, rule }))
        .filter(({ id, rule }) => rule.test !== null && !BANDS.has(id)),
    ),
);

interface Totals {
  readonly margin: bigint;
  readonly T_office: bigint;
  readonly T_top2: bigint;
  readonly V_winner: bigint;
  readonly V_low_win: bigint;
  readonly B_contest: bigint;
  readonly seats: bigint;
}

const totalsArb: fc.Arbitrary<Totals> = fc.record({
  margin: fc.oneof(fc.bigInt(0n, 60n), fc.bigInt(0n, 40_000n)),
  T_office: fc.oneof(fc.bigInt(0n, 2_000n), fc.bigInt(0n, 6_000_000n)),
  T_top2: fc.oneof(fc.bigInt(0n, 2_000n), fc.bigInt(0n, 6_000_000n)),
  V_winner: fc.oneof(fc.bigInt(0n, 2_000n), fc.bigInt(0n, 3_000_000n)),
  V_low_win: fc.oneof(fc.bigInt(0n, 2_000n), fc.bigInt(0n, 3_000_000n)),
  B_contest: fc.oneof(fc.bigInt(0n, 2_000n), fc.bigInt(0n, 6_000_000n)),
  seats: fc.bigInt(1n, 5n),
});

function denominators(t: Totals): (name: Denominator) => Rational {
  return (name) => {
    switch (name) {
      case 'T_office':
      case 'T_measure':
        return { num: t.T_office, den: 1n };
      case 'T_top2':
        return { num: t.T_top2, den: 1n };
      case 'V_winner':
        return { num: t.V_winner, den: 1n };
      case 'V_low_win':
        return { num: t.V_low_win, den: 1n };
      case 'B_contest':
      case 'T_stwide':
        return { num: t.B_contest, den: 1n };
      case 'T_office_per_seat':
        return { num: t.T_office, den: t.seats };
    }
  };
}

/** The names the data's integer_test strings use, bound to the same totals. */
function oracleValues(t: Totals, margin: bigint): Record<string, bigint> {
  return {
    margin,
    T_office: t.T_office,
    T_contest: t.T_office,
    T_race: t.T_office,
    T_valid: t.T_office,
    T_measure: t.T_office,
    T_top2: t.T_top2,
    V_winner: t.V_winner,
    V_low_win: t.V_low_win,
    V_requester: t.V_winner - margin,
    B_contest: t.B_contest,
    party_ballots: t.B_contest,
    T_statewide: t.B_contest,
    seats: t.seats,
  };
}

test('every structured rule test agrees with the data’s integer_test on random totals', () => {
  fc.assert(
    fc.property(fc.constantFrom(...testedRules), totalsArb, ({ rule }, t) => {
      const outcome = evaluateRuleTest(rule.test!, t.margin, denominators(t));
      assert.equal(
        outcome.triggered,
        integerTestHolds(rule.integer_test, oracleValues(t, t.margin)),
        rule.integer_test,
      );
    }),
    { numRuns: 20_000 },
  );
});

test('the threshold is the largest margin that triggers, checked against integer_test', () => {
  fc.assert(
    fc.property(fc.constantFrom(...testedRules), totalsArb, ({ rule }, t) => {
      const outcome = evaluateRuleTest(rule.test!, 0n, denominators(t));
      const threshold = outcome.threshold;
      if (threshold.kind === 'up-to') {
        assert.equal(
          integerTestHolds(rule.integer_test, oracleValues(t, threshold.votes)),
          true,
          rule.integer_test,
        );
        assert.equal(
          integerTestHolds(rule.integer_test, oracleValues(t, threshold.votes + 1n)),
          false,
          rule.integer_test,
        );
      } else if (threshold.kind === 'never') {
        assert.equal(
          integerTestHolds(rule.integer_test, oracleValues(t, 0n)),
          false,
          rule.integer_test,
        );
      }
      // triggered exactly when the margin is within the threshold
      const atMargin = evaluateRuleTest(rule.test!, t.margin, denominators(t));
      const within =
        threshold.kind === 'always' || (threshold.kind === 'up-to' && t.margin <= threshold.votes);
      assert.equal(atMargin.triggered, within);
    }),
    { numRuns: 20_000 },
  );
});

/** An exact rational reference: reduced fractions, compared by the sign of their difference. */
class Fraction {
  readonly num: bigint;
  readonly den: bigint;
  constructor(num: bigint, den: bigint) {
    const g = gcd(num < 0n ? -num : num, den);
    this.num = g === 0n ? 0n : num / g;
    this.den = g === 0n ? 1n : den / g;
  }
  minus(other: Fraction): Fraction {
    return new Fraction(this.num * other.den - other.num * this.den, this.den * other.den);
  }
  times(other: Fraction): Fraction {
    return new Fraction(this.num * other.num, this.den * other.den);
  }
}
function gcd(a: bigint, b: bigint): bigint {
  return b === 0n ? a : gcd(b, a % b);
}

test('largestIntegerWithin matches a rational reference found by search', () => {
  const decimal = fc
    .tuple(
      fc.integer({ min: 0, max: 20 }),
      fc.integer({ min: 0, max: 999 }),
      fc.integer({ min: 0, max: 3 }),
    )
    .map(([whole, frac, places]) =>
      places === 0
        ? String(whole)
        : `${String(whole)}.${String(frac).padStart(3, '0').slice(0, places)}`,
    );
  fc.assert(
    fc.property(
      decimal,
      fc.bigInt(0n, 10_000_000n),
      fc.bigInt(1n, 7n),
      fc.constantFrom('<=' as const, '<' as const),
      (pct, total, seats, cmp) => {
        const share = parsePercent(pct)!;
        const x = new Fraction(share.num, share.den).times(new Fraction(total, seats));
        const within = (m: bigint): boolean => {
          const d = new Fraction(m, 1n).minus(x);
          return cmp === '<=' ? d.num <= 0n : d.num < 0n;
        };
        // Binary search for the largest m >= -1 that is within (m = -1 stands for "none").
        let lo = -1n;
        let hi = total * 100n + 1n;
        while (hi - lo > 1n) {
          const mid = (lo + hi) / 2n;
          if (within(mid)) lo = mid;
          else hi = mid;
        }
        assert.equal(
          largestIntegerWithin({ num: share.num * total, den: share.den * seats }, cmp),
          lo,
        );
      },
    ),
    { numRuns: 5_000 },
  );
});
