import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDefinition } from '../testing/builders.ts';
import { compareRecount } from './compare-recount.ts';

const definition = buildDefinition({
  counties: { Adams: ['P1', 'P2', 'ABSENTEE'], Baker: ['Q1', 'Q2'] },
  contests: [
    { name: 'Mayor', choices: ['Ada', 'Ben', 'Write-In*'] },
    { name: 'Council', choices: ['C', 'D', 'E'], seats: 2 },
  ],
});
const original = new Map([
  ['adams/p1', [100, 90, 1]],
  ['adams/p2', [50, 60, 0]],
  ['adams/absentee', [10, 5, 0]],
  ['baker/q1', [20, 22, 0]],
  ['baker/q2', [30, 30, 2]],
]);

test('every changed precinct, county sums, totals with the recount in place, same winner', () => {
  const recount = new Map([
    ['adams/p1', [99, 91, 1]],
    ['adams/p2', [50, 60, 0]],
    ['baker/q1', [20, 25, 0]],
  ]);
  const result = compareRecount(definition, 'mayor', original, recount);
  assert.ok(result.ok);
  const c = result.value;
  assert.deepEqual(
    c.precincts.map((p) => [p.id, p.countyName, p.difference]),
    [
      ['adams/p1', 'Adams', [-1, 1, 0]],
      ['baker/q1', 'Baker', [0, 3, 0]],
    ],
  );
  assert.deepEqual(
    c.counties.map((county) => [
      county.id,
      county.precinctsRecounted,
      county.precinctsChanged,
      county.difference,
    ]),
    [
      ['adams', 2, 1, [-1, 1, 0]],
      ['baker', 1, 1, [0, 3, 0]],
    ],
  );
  assert.deepEqual(c.totals.original, [210, 207, 3]);
  assert.deepEqual(c.totals.recount, [209, 211, 3]);
  // Ben overtakes Ada: 211 to 209.
  assert.deepEqual(c.original.winners, ['ada']);
  assert.deepEqual(c.recount.winners, ['ben']);
  assert.equal(c.outcomeChanged, true);
  assert.equal(c.unitsRecounted, 3);
  assert.equal(c.unitsNotRecounted, 2);
  assert.equal(c.unitsChanged, 2);
});

test('an unchanged outcome, and a recount that produces a tie', () => {
  const small = compareRecount(definition, 'mayor', original, new Map([['adams/p1', [98, 90, 1]]]));
  assert.ok(small.ok);
  assert.equal(small.value.outcomeChanged, false);
  assert.equal(small.value.recount.marginVotes, 1);
  const tie = compareRecount(definition, 'mayor', original, new Map([['adams/p1', [97, 90, 1]]]));
  assert.ok(tie.ok);
  assert.equal(tie.value.recount.tie, true);
  assert.equal(tie.value.outcomeChanged, true);
});

test('vote-for-2: the set of winners decides', () => {
  const council = new Map([
    ['adams/p1', [100, 80, 79]],
    ['baker/q1', [10, 10, 10]],
  ]);
  const swapped = compareRecount(
    definition,
    'council',
    council,
    new Map([['adams/p1', [100, 79, 81]]]),
  );
  assert.ok(swapped.ok);
  assert.deepEqual(swapped.value.original.winners, ['c', 'd']);
  assert.deepEqual(swapped.value.recount.winners, ['c', 'e']);
  assert.equal(swapped.value.outcomeChanged, true);
  const reordered = compareRecount(
    definition,
    'council',
    council,
    new Map([['adams/p1', [90, 95, 79]]]),
  );
  assert.ok(reordered.ok);
  assert.equal(reordered.value.outcomeChanged, false, 'the same two win, in another order');
});

test('refuses an unknown contest or unit and a wrong number of choices', () => {
  const unknownContest = compareRecount(definition, 'sheriff', original, new Map());
  assert.equal(unknownContest.ok ? null : unknownContest.error.code, 'unknown-contest');
  const unit = compareRecount(definition, 'mayor', original, new Map([['zed/z1', [1, 2, 3]]]));
  assert.equal(unit.ok ? null : unit.error.code, 'unknown-unit');
  const width = compareRecount(definition, 'mayor', original, new Map([['adams/p1', [1, 2]]]));
  assert.equal(width.ok ? null : width.error.code, 'wrong-choice-count');
});
