import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { AuditContest } from '../contest.ts';
import { bravoRisk, bravoSampleSizes } from './bravo.ts';

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

test('BRAVO reproduces the published 60/40 sizes at 10%', () => {
  const sizes = bravoSampleSizes({
    alpha: 0.1,
    contest: twoWay(60_000, 40_000),
    rounds: [],
    numSampled: 0,
  });
  assert.ok(sizes.ok);
  assert.equal(sizes.value['asn']?.size, 119); // BRAVO paper, Table 1
  assert.deepEqual(
    ['0.7', '0.8', '0.9'].map((q) => sizes.value[q]?.size),
    [184, 244, 351],
  );
});

test('more winner votes never raise the BRAVO p-value; more loser votes never lower it', () => {
  fc.assert(
    fc.property(fc.nat(300), fc.nat(300), (w, l) => {
      const c = twoWay(5500, 4500, 1_000_000);
      const p = (a: number, b: number) =>
        bravoRisk(0.1, c, [{ A: a, B: b }]).pValues[0]?.pValue ?? 1;
      return p(w + 1, l) <= p(w, l) && p(w, l + 1) >= p(w, l);
    }),
  );
});

test('a landslide size actually meets the risk limit (Arlo asks for 1 ballot)', () => {
  for (const alpha of [0.05, 0.1, 0.2]) {
    const contest = twoWay(1000, 0);
    const sizes = bravoSampleSizes({ alpha, contest, rounds: [], numSampled: 0 });
    assert.ok(sizes.ok);
    const n = sizes.value['asn']?.size ?? 0;
    assert.ok(
      bravoRisk(alpha, contest, [{ A: n, B: 0 }]).finished,
      `alpha ${String(alpha)}: ${String(n)} ballots`,
    );
    assert.ok(!bravoRisk(alpha, contest, [{ A: n - 1, B: 0 }]).finished);
  }
});

test('a full hand count finishes the audit with p = 0', () => {
  const r = bravoRisk(0.1, twoWay(6, 4), [{ A: 6, B: 4 }]);
  assert.equal(r.finished, true);
  assert.equal(r.pValues[0]?.pValue, 0);
});
