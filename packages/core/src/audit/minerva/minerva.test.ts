import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditContest } from '../contest.ts';
import { minervaRisk, minervaSampleSizes } from './minerva.ts';

const twoWay = (a: number, b: number, ballots = a + b): AuditContest => ({
  name: 'c',
  choices: [
    ['A', a],
    ['B', b],
  ],
  ballots,
  numWinners: 1,
  votesAllowed: 1,
});

test('MINERVA matches the module doctest sizes for {a:600, b:400, c:100, 100 undervotes} at 10%', () => {
  const contest: AuditContest = {
    name: 'c',
    choices: [
      ['a', 600],
      ['b', 400],
      ['c', 100],
    ],
    ballots: 1200,
    numWinners: 1,
    votesAllowed: 1,
  };
  const sizes = minervaSampleSizes({ alpha: 0.1, contest, roundSizes: [] });
  assert.ok(sizes.ok);
  assert.deepEqual(
    ['0.7', '0.8', '0.9'].map((q) => sizes.value[q]?.size),
    [134, 166, 215],
  );
});

test('a zero-vote loser gets a size that meets the risk limit (Arlo: 4 at any alpha)', () => {
  for (const alpha of [0.05, 0.1]) {
    const contest = twoWay(100, 0);
    const sizes = minervaSampleSizes({ alpha, contest, roundSizes: [] });
    assert.ok(sizes.ok);
    const n = sizes.value['0.9']?.size ?? 0;
    assert.ok(
      minervaRisk(alpha, contest, [{ A: n, B: 0 }]).finished,
      `alpha ${String(alpha)}: ${String(n)}`,
    );
  }
});

test('a reported tie has risk 1 instead of an exception', () => {
  assert.deepEqual(minervaRisk(0.1, twoWay(500, 500), [{ A: 60, B: 40 }]), {
    pValue: 1,
    finished: false,
  });
});
