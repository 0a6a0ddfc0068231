import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { evaluateRecount } from './evaluate-recount.ts';
import type { RuleOutcome } from './evaluate-rule.ts';
import { integerTestHolds } from './integer-test-oracle.ts';
import { parseRecountRules } from './parse-recount-rules.ts';
import type { RecountChoiceVotes, RecountInput } from './recount-input.ts';
import type { RecountRule, RuleApplies } from './rules-schema.ts';

const parsed = parseRecountRules(
  JSON.parse(
    readFileSync(new URL('../../../../data/recount/recount-rules.json', import.meta.url), 'utf8'),
  ),
);
assert.ok(parsed.ok);
const rules = parsed.value;

// Generated boundary cases for every margin rule of every state: the margin exactly at the
// threshold, one vote inside, one vote outside, a tie, and a vote-for-2 contest. The threshold is
// found independently of the evaluator, from the data's own `integer_test` string.

const BANDS = new Set(['ND requested 0', 'ND requested 1', 'MT requested 2', 'UT requested 1']);
const CHECKED = new Set(['automatic', 'request-eligibility']);

interface Case {
  readonly id: string;
  readonly state: string;
  readonly side: 'automatic' | 'requested';
  readonly rule: RecountRule;
  readonly clause: RuleApplies;
}

const cases: Case[] = rules.states.flatMap((state) =>
  (['automatic', 'requested'] as const).flatMap((side) =>
    state[side].rules.flatMap((rule, index) => {
      const id = `${state.abbr} ${side} ${String(index)}`;
      const clause = rule.applies[0];
      if (rule.test === null || BANDS.has(id) || !CHECKED.has(rule.purpose) || clause === undefined)
        return [];
      return [{ id, state: state.abbr, side, rule, clause }];
    }),
  ),
);

/** A contest of about `size` votes whose compared pair differs by `margin`. */
function contest(c: Case, margin: number, seats: 1 | 2): RecountInput {
  const bound = c.clause.total;
  const size = bound?.max ?? Math.max(1_000_000, 2 * (bound?.min ?? 0));
  const room = Math.ceil(size / 20);
  const writeIns = Math.floor(size / 50);
  const third = Math.floor(size / 25);
  const base = Math.floor((size - writeIns - third) / 2) - room;
  let choices: RecountChoiceVotes[];
  if (c.clause.kinds[0] === 'measure') {
    const side = Math.floor(size / 2) - room;
    choices = [
      { id: 'yes', votes: side + margin },
      { id: 'no', votes: side },
    ];
  } else if (seats === 1) {
    choices = [
      { id: 'first', votes: base + margin },
      { id: 'second', votes: base },
      { id: 'third', votes: third },
      { id: 'write-in', votes: writeIns, isWriteIn: true },
    ];
  } else {
    // Three candidates share the votes; the first stays ahead of the second whatever the margin.
    const share = Math.floor((size - writeIns) / 3) - room;
    choices = [
      { id: 'first', votes: share + Math.max(2 * room, margin + room) },
      { id: 'second', votes: share + margin },
      { id: 'third', votes: share },
      { id: 'write-in', votes: writeIns, isWriteIn: true },
    ];
  }
  const total = choices.reduce((sum, choice) => sum + choice.votes, 0);
  const year = c.clause.until_year ?? c.clause.from_year;
  return {
    state: c.state,
    electionType: c.clause.elections[0] ?? 'general',
    scope: c.clause.scopes[0] ?? 'statewide',
    kind: c.clause.kinds[0] ?? 'candidate',
    seats,
    choices,
    totalBallots: total + Math.floor(size / 100),
    ...(year === undefined ? {} : { electionYear: year }),
  };
}

/** The data's integer_test applied to a contest: the independent reference. */
function reference(c: Case, input: RecountInput, margin: number): boolean {
  const ranked = input.choices
    .filter((x) => x.isWriteIn !== true)
    .map((x) => BigInt(x.votes))
    .sort((a, b) => (a > b ? -1 : a < b ? 1 : 0));
  const total = input.choices.reduce((sum, x) => sum + BigInt(x.votes), 0n);
  const lastWinner = ranked[input.seats - 1] ?? 0n;
  const firstLoser = ranked[input.seats] ?? 0n;
  const ballots = BigInt(input.totalBallots ?? 0);
  return integerTestHolds(c.rule.integer_test, {
    margin: BigInt(margin),
    T_office: total,
    T_contest: total,
    T_race: total,
    T_valid: total,
    T_measure: total,
    T_top2: lastWinner + firstLoser,
    V_winner: ranked[0] ?? 0n,
    V_low_win: lastWinner,
    V_requester: (ranked[0] ?? 0n) - BigInt(margin),
    B_contest: ballots,
    party_ballots: ballots,
    T_statewide: ballots,
    seats: BigInt(input.seats),
  });
}

/** The largest margin the reference accepts (it is monotone: a smaller margin never fails). */
function referenceThreshold(c: Case, seats: 1 | 2): number {
  const holds = (m: number) => reference(c, contest(c, m, seats), m);
  assert.equal(holds(0), true, `${c.id}: a tie should satisfy ${c.rule.integer_test}`);
  let hi = 1;
  while (holds(hi)) hi *= 2;
  let lo = hi / 2;
  if (hi === 1) lo = 0;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (holds(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

function outcome(c: Case, input: RecountInput): RuleOutcome | undefined {
  const result = evaluateRecount(rules, input);
  assert.ok(result.ok);
  const outcomes =
    c.side === 'automatic' ? result.value.automatic.rules : result.value.requested.rules;
  return outcomes.find((o) => o.scope === c.rule.scope && o.expr === c.rule.expr);
}

describe('generated boundary cases for every state margin rule', () => {
  test('there are cases for every state and DC with an automatic margin rule', () => {
    const states = new Set(cases.filter((c) => c.side === 'automatic').map((c) => c.state));
    for (const abbr of [
      'AL',
      'AZ',
      'CO',
      'CT',
      'DE',
      'DC',
      'FL',
      'HI',
      'KY',
      'MI',
      'NE',
      'NM',
      'NY',
      'ND',
      'OH',
      'OR',
      'PA',
      'SC',
      'WA',
      'WY',
      'MN',
      'OK',
      'AK',
      'MT',
      'SD',
      'TX',
      'UT',
      'VT',
    ]) {
      assert.ok(states.has(abbr), abbr);
    }
  });

  for (const c of cases) {
    describe(`${c.id}: ${c.rule.scope}`, () => {
      test('at the threshold, one vote inside, one vote outside', () => {
        const threshold = referenceThreshold(c, 1);
        const at = outcome(c, contest(c, threshold, 1));
        assert.ok(at, 'the rule applies to its own first clause');
        assert.equal(at.triggered, true);
        assert.equal(at.thresholdVotes, BigInt(threshold));
        if (threshold > 0) assert.equal(outcome(c, contest(c, threshold - 1, 1))?.triggered, true);
        const outside = outcome(c, contest(c, threshold + 1, 1));
        assert.equal(outside?.triggered, false);
        assert.ok(outside.thresholdVotes === null || outside.thresholdVotes <= BigInt(threshold));
      });

      test('a tie triggers', () => {
        const input = contest(c, 0, 1);
        const result = evaluateRecount(rules, input);
        assert.ok(result.ok);
        assert.equal(result.value.margin.tie, true);
        assert.equal(outcome(c, input)?.triggered, true);
      });

      if (c.clause.kinds[0] === 'candidate') {
        test('vote-for-2: the last winner against the first loser', () => {
          if (c.clause.max_seats === 1) {
            assert.equal(
              outcome(c, contest(c, 0, 2)),
              undefined,
              'single-seat rule must not apply',
            );
            return;
          }
          const threshold = referenceThreshold(c, 2);
          const input = contest(c, threshold, 2);
          const result = evaluateRecount(rules, input);
          assert.ok(result.ok);
          assert.equal(result.value.margin.lastWinner?.id, 'second');
          assert.equal(result.value.margin.firstLoser?.id, 'third');
          assert.equal(outcome(c, input)?.triggered, true);
          assert.equal(outcome(c, input)?.thresholdVotes, BigInt(threshold));
          assert.equal(outcome(c, contest(c, threshold + 1, 2))?.triggered, false);
          const tie = evaluateRecount(rules, contest(c, 0, 2));
          assert.ok(tie.ok);
          assert.equal(tie.value.margin.tieForLastSeat, true);
          assert.equal(outcome(c, contest(c, 0, 2))?.triggered, true);
        });
      }
    });
  }
});
