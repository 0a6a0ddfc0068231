import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { interleaveValues } from '@canvass/core';
import { interleaved } from './alpha-audit.ts';

describe('ALPHA polling look-ahead population', () => {
  it('gives the same values in the same order as the core interleave, lazily, then repeats', () => {
    for (const [small, medium, big] of [
      [400, 100, 500],
      [7, 0, 13],
      [3, 5, 2],
      [1, 1, 1],
      [0, 10, 4],
      [350, 150, 600],
    ] as const) {
      const expected = interleaveValues(small, medium, big);
      const next = interleaved(small, medium, big);
      const total = small + medium + big;
      const got = Array.from({ length: total }, (_, i) => next(i));
      assert.deepEqual(got, expected, `${String(small)}/${String(medium)}/${String(big)}`);
      assert.equal(next(total + 3), expected[3 % total]);
    }
  });
});
