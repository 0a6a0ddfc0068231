import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { alphaMart } from './alpha-mart.ts';
import { fixedAlternativeMean, shrinkTrunc } from './estimators.ts';
import { kaplanMarkov } from './other-tests.ts';
import { interleaveValues, sampleSizeFor } from './sample-size.ts';

test('ALPHA closed form: eight 1s at eta 0.75 give T = 1.5^8 > 20', () => {
  const r = alphaMart(
    new Array<number>(8).fill(1),
    { N: Infinity, t: 0.5, u: 1 },
    fixedAlternativeMean(0.75),
  );
  assert.ok(Math.abs((r.pHistory[7] ?? 1) - 1 / 1.5 ** 8) < 1e-15);
  assert.equal(sampleSizeFor([1], 0.05, { N: 1000, t: 0.5, u: 1 }, fixedAlternativeMean(0.75)), 8);
});

test('ALPHA p-values lie in (0, 1] and the p-value is the smallest of the history', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(0, 0.5, 1), { minLength: 1, maxLength: 300 }), (x) => {
      const r = alphaMart(x, { N: 10_000, t: 0.5, u: 1 }, shrinkTrunc({ eta: 0.55 }));
      const min = Math.min(...r.pHistory);
      return r.pHistory.every((p) => p > 0 && p <= 1) && r.pValue === min;
    }),
  );
});

test('Kaplan-Markov: one draw of 1 gives (0.5 + g)/(1 + g)', () => {
  assert.equal(kaplanMarkov([1], { N: Infinity, t: 0.5, u: 1 }, 0.1).pValue, 0.6 / 1.1);
});

test('the polling interleave is the order of (j/n, tie rank) over the three value classes', () => {
  // The definition, written as a sort; interleaveValues merges instead.
  const bySort = (counts: readonly number[]): number[] => {
    const tieRank = [1, 2, 0];
    const slots: { at: number; kind: number }[] = [];
    counts.forEach((n, kind) => {
      for (let j = 0; j < n; j++) slots.push({ at: j / n, kind });
    });
    slots.sort((a, b) => a.at - b.at || tieRank[a.kind]! - tieRank[b.kind]!);
    return slots.map((s) => [0, 0.5, 1][s.kind]!);
  };
  fc.assert(
    fc.property(fc.nat(400), fc.nat(400), fc.nat(400), (a, b, c) => {
      assert.deepEqual(interleaveValues(a, b, c), bySort([a, b, c]));
    }),
    { numRuns: 300 },
  );
  assert.deepEqual(interleaveValues(4500, 700, 4800), bySort([4500, 700, 4800]));
});
