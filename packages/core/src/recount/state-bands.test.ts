import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { evaluateRecount } from './evaluate-recount.ts';
import { parseRecountRules } from './parse-recount-rules.ts';
import type { RecountInput } from './recount-input.ts';

// The band rules the generated boundary cases leave out (their integer_test has two edges):
// North Dakota's demand recount and Utah's one-vote rule for small races, at each edge.

const parsed = parseRecountRules(
  JSON.parse(
    readFileSync(new URL('../../../../data/recount/recount-rules.json', import.meta.url), 'utf8'),
  ),
);
assert.ok(parsed.ok);
const rules = parsed.value;

function check(input: Omit<RecountInput, 'kind' | 'seats' | 'choices'>, a: number, b: number) {
  const result = evaluateRecount(rules, {
    ...input,
    kind: 'candidate',
    seats: 1,
    choices: [
      { id: 'a', votes: a },
      { id: 'b', votes: b },
    ],
  });
  assert.ok(result.ok);
  return result.value;
}

test('North Dakota general: automatic up to 0.5% of the leader, demand below 2%', () => {
  const nd = { state: 'ND', electionType: 'general', scope: 'state-house' } as const;
  // Leader 100,000: 0.5% is 500 votes (automatic, <=); 2% is 2,000 (demand, strictly less).
  const at = check(nd, 100_000, 99_500);
  assert.equal(at.automatic.triggered, true);
  assert.equal(at.automatic.thresholdVotes, 500);
  const above = check(nd, 100_000, 99_499);
  assert.equal(above.automatic.triggered, false);
  assert.equal(above.requested.triggered, true);
  const inside = check(nd, 100_000, 98_001);
  assert.equal(inside.requested.triggered, true);
  assert.equal(inside.requested.thresholdVotes, 1999);
  assert.equal(check(nd, 100_000, 98_000).requested.triggered, false);
});

test('North Dakota primary: automatic up to 1% of the leader', () => {
  const nd = { state: 'ND', electionType: 'primary', scope: 'state-house' } as const;
  assert.equal(check(nd, 100_000, 99_000).automatic.triggered, true);
  assert.equal(check(nd, 100_000, 98_999).automatic.triggered, false);
  assert.equal(check(nd, 100_000, 98_999).requested.triggered, true);
});

test('Utah: a request within 0.25% of all votes, one vote in races of 400 or fewer', () => {
  const ut = { state: 'UT', electionType: 'general', scope: 'county' } as const;
  assert.equal(check(ut, 200, 199).requested.triggered, true);
  const two = check(ut, 201, 199);
  assert.equal(two.requested.triggered, false);
  assert.match(two.requested.reason, /not more than 1 vote\)/);
  // 0.25% of 100,000 is 250 votes.
  assert.equal(check(ut, 50_125, 49_875).requested.triggered, true);
  assert.equal(check(ut, 50_126, 49_874).requested.triggered, false);
});
