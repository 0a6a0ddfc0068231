import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { AuditContest } from '../contest.ts';
import { supersimpleRisk, supersimpleSampleSize } from './supersimple.ts';

const contest = (margin: number): AuditContest => {
  const w = Math.round(50_000 * (1 + margin));
  return {
    name: 'c',
    choices: [
      ['W', w],
      ['L', 100_000 - w],
    ],
    ballots: 100_000,
    numWinners: 1,
    votesAllowed: 1,
  };
};

test("SuperSimple initial sizes match Stark's tool at 10%", () => {
  const none = { sampleSize: 0, oneOver: 0, twoOver: 0 };
  assert.equal(supersimpleSampleSize(0.1, contest(0.2), none), 27);
  assert.equal(supersimpleSampleSize(0.1, contest(0.1), none), 54);
  assert.equal(supersimpleSampleSize(0.1, contest(0.15), none), 36);
});

test('SuperSimple risk grows with overstatements and is at most 1', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 400 }), fc.nat(3), (n, errors) => {
      const c = contest(0.1);
      const sample = (k: number) =>
        Array.from({ length: n }, (_, i) => ({
          discrepancy: i < k ? { countedAs: 1, weightedError: 1 / 10_000 } : null,
          timesSampled: 1,
        }));
      const a = supersimpleRisk(0.05, c, sample(Math.min(errors, n))).pValue;
      const b = supersimpleRisk(0.05, c, sample(Math.min(errors + 1, n))).pValue;
      return a <= b && b <= 1;
    }),
  );
});
