import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { evaluateRecount } from './evaluate-recount.ts';
import { percentBeside, percentText } from './format-percent.ts';
import { groupDigits } from './format-votes.ts';
import { parseRecountRules } from './parse-recount-rules.ts';
import type { RecountInput } from './recount-input.ts';
import type { RecountEvaluation } from './recount-evaluation.ts';
import { formatRecountBadge } from './recount-badge.ts';
import { recountCheckJson } from './recount-check-json.ts';

const parsed = parseRecountRules(
  JSON.parse(
    readFileSync(new URL('../../../../data/recount/recount-rules.json', import.meta.url), 'utf8'),
  ),
);
assert.ok(parsed.ok);
const rules = parsed.value;

function two(
  state: string,
  a: number,
  b: number,
  extra: Partial<RecountInput> = {},
): RecountEvaluation {
  const result = evaluateRecount(rules, {
    state,
    electionType: 'general',
    scope: 'statewide',
    kind: 'candidate',
    seats: 1,
    choices: [
      { id: 'a', votes: a },
      { id: 'b', votes: b },
    ],
    ...extra,
  });
  assert.ok(result.ok);
  return result.value;
}

describe('formatRecountBadge', () => {
  test('inside and outside a percentage margin', () => {
    assert.equal(
      formatRecountBadge(two('AL', 5010, 4990)),
      'Within the automatic-recount margin (0.5%): automatic recount',
    );
    assert.equal(
      formatRecountBadge(two('AL', 5100, 4900)),
      'Outside the automatic-recount margin: 2.00% > 0.5%',
    );
  });

  test('more decimals when two would show the margin equal to the limit', () => {
    // 51 of 10,000 is 0.51%; 501 of 100,000 is 0.501%, which two decimals would show as 0.50%.
    assert.equal(
      formatRecountBadge(two('AL', 50_251, 49_750)),
      'Outside the automatic-recount margin: 0.501% > 0.5%',
    );
  });

  test('exactly at a strict limit reads as "≥"', () => {
    // DC: less than 1% of 10,000 = 100 votes; a 100-vote margin is outside.
    assert.equal(
      formatRecountBadge(two('DC', 5050, 4950)),
      'Outside the automatic-recount margin: 1.00% ≥ 1%',
    );
    assert.equal(
      formatRecountBadge(two('DC', 5049, 4950)),
      'Within the automatic-recount margin (under 1%): automatic recount',
    );
  });

  test('vote-count limits and tie-only states', () => {
    const house = { scope: 'state-house' as const };
    assert.equal(
      formatRecountBadge(two('MI', 1013, 987, house)),
      'Outside the automatic-recount margin: 26 votes > 25 votes',
    );
    assert.equal(
      formatRecountBadge(two('MI', 1012, 987, house)),
      'Within the automatic-recount margin (25 votes): automatic recount',
    );
    assert.equal(formatRecountBadge(two('TX', 500, 500)), 'Tied: automatic recount');
    assert.equal(
      formatRecountBadge(two('TX', 501, 500)),
      'Not tied: no automatic recount (only a tie triggers one)',
    );
  });

  test('states without an automatic recount', () => {
    assert.equal(
      formatRecountBadge(two('GA', 5010, 4990)),
      'No automatic recount; a recount may be requested',
    );
    assert.equal(formatRecountBadge(two('MS', 5010, 4990)), 'No automatic recount');
  });
});

describe('evaluateRecount edge cases', () => {
  test('office scope: a statewide-only rule does not fire for a county office', () => {
    const county = two('PA', 5001, 4999, { scope: 'county' });
    assert.equal(county.automatic.applies, false);
    assert.equal(county.automatic.triggered, false);
    assert.match(county.automatic.reason, /does not cover/);
    assert.equal(two('PA', 5001, 4999).automatic.triggered, true);
  });

  test('general vs primary: North Dakota uses 0.5% of the leader in a general and 1% in a primary', () => {
    // 10,000 + 9,930: a 70-vote margin; 0.5% of 10,000 = 50, 1% = 100.
    assert.equal(two('ND', 10_000, 9_930).automatic.triggered, false);
    assert.equal(two('ND', 10_000, 9_930, { electionType: 'primary' }).automatic.triggered, true);
    assert.equal(
      two('ND', 10_000, 9_930, { electionType: 'primary' }).automatic.thresholdVotes,
      100,
    );
  });

  test('a ballot measure compares yes with no', () => {
    const result = evaluateRecount(rules, {
      state: 'CT',
      electionType: 'general',
      scope: 'municipal',
      kind: 'measure',
      seats: 1,
      choices: [
        { id: 'no', votes: 4_990 },
        { id: 'yes', votes: 5_010 },
      ],
    });
    assert.ok(result.ok);
    assert.equal(result.value.margin.lastWinner?.id, 'yes');
    assert.equal(result.value.margin.marginVotes, 20);
    assert.equal(result.value.automatic.triggered, true); // less than 0.5% of 10,000 and not more than 2,000
    assert.equal(result.value.automatic.thresholdVotes, 49);
  });

  test('the write-in line counts in the total but is never the runner-up', () => {
    const result = evaluateRecount(rules, {
      state: 'AL',
      electionType: 'general',
      scope: 'county',
      kind: 'candidate',
      seats: 1,
      choices: [
        { id: 'only-candidate', votes: 1000 },
        { id: 'write-in', votes: 999, isWriteIn: true },
      ],
    });
    assert.ok(result.ok);
    assert.equal(result.value.margin.marginVotes, null);
    assert.equal(result.value.automatic.triggered, false);
    assert.match(result.value.automatic.reason, /Uncontested/);
    assert.equal(formatRecountBadge(result.value), 'Uncontested: no recount margin');
  });

  test('no votes counted is not a tie', () => {
    const result = two('AL', 0, 0);
    assert.equal(result.automatic.triggered, false);
    assert.match(result.automatic.reason, /No votes/);
  });

  test('a single-seat tie rule (Alaska) does not apply to a vote-for-2 contest', () => {
    const result = evaluateRecount(rules, {
      state: 'AK',
      electionType: 'general',
      scope: 'municipal',
      kind: 'candidate',
      seats: 2,
      choices: [
        { id: 'a', votes: 900 },
        { id: 'b', votes: 500 },
        { id: 'c', votes: 500 },
      ],
    });
    assert.ok(result.ok);
    assert.equal(result.value.margin.tieForLastSeat, true);
    assert.equal(result.value.automatic.applies, false);
  });

  test('uncertain rules say so: New York, and Michigan without ballots cast', () => {
    assert.equal(two('NY', 5010, 4990).automatic.uncertain, true);
    const mi = two('MI', 500_600, 499_400); // 1,200 > 0.1% of 1,000,000 votes
    assert.equal(mi.automatic.triggered, false);
    assert.equal(mi.automatic.uncertain, true);
    const miWithBallots = two('MI', 500_600, 499_400, { totalBallots: 1_010_000 });
    assert.equal(miWithBallots.automatic.uncertain, false);
    const miBand = two('MI', 500_505, 499_495, { totalBallots: 1_020_000 }); // 1,010: in only on ballots
    assert.equal(miBand.automatic.triggered, true);
    assert.equal(miBand.automatic.uncertain, true);
  });

  test('bad input is an expected failure, not an exception', () => {
    const base = {
      state: 'AL',
      electionType: 'general',
      scope: 'statewide',
      kind: 'candidate',
      seats: 1,
      choices: [{ id: 'a', votes: 1 }],
    } as const;
    assert.deepEqual(evaluateRecount(rules, { ...base, state: 'ZZ' }).ok, false);
    const fractional = evaluateRecount(rules, { ...base, choices: [{ id: 'a', votes: 1.5 }] });
    assert.ok(!fractional.ok);
    assert.equal(fractional.error.code, 'invalid-input');
    assert.equal(evaluateRecount(rules, { ...base, seats: 0 }).ok, false);
    assert.equal(evaluateRecount(rules, { ...base, choices: [{ id: 'a', votes: -1 }] }).ok, false);
    assert.equal(evaluateRecount(rules, { ...base, kind: 'measure', seats: 2 }).ok, false);
  });
});

describe('display helpers', () => {
  test('percentText rounds half up from integers', () => {
    assert.equal(percentText({ num: 21924n, den: 1348720n }, 2), '1.63');
    assert.equal(percentText({ num: 1n, den: 200n }, 2), '0.50');
    assert.equal(percentText({ num: 5n, den: 100000n }, 3), '0.005');
    assert.equal(percentBeside({ num: 12n, den: 2302n }, '0.5'), '0.52');
  });

  test('groupDigits', () => {
    assert.equal(groupDigits(1348720n), '1,348,720');
    assert.equal(groupDigits(999), '999');
    assert.equal(groupDigits(-1000), '-1,000');
  });

  test('recountCheckJson is plain JSON', () => {
    const json = recountCheckJson(two('AL', 5010, 4990));
    const text = JSON.stringify(json);
    assert.deepEqual(JSON.parse(text), json);
    assert.equal(json.automatic.triggered, true);
    assert.equal(json.automatic.thresholdVotes, 50);
    assert.equal(
      json.automatic.condition,
      'not more than 0.5% of the votes cast for the office (10,000)',
    );
    assert.equal(json.requested.available, true);
  });
});
