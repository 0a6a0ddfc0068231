import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ceilDiv,
  compareRationals,
  floorDiv,
  largestIntegerWithin,
  parsePercent,
} from './rational.ts';

test('parsePercent reads decimal percentages as exact fractions', () => {
  assert.deepEqual(parsePercent('0.5'), { num: 5n, den: 1000n }); // 1/200
  assert.deepEqual(parsePercent('0.015'), { num: 15n, den: 100000n }); // 3/20000 (California)
  assert.deepEqual(parsePercent('20'), { num: 20n, den: 100n });
  assert.equal(parsePercent('1e-3'), null);
  assert.equal(parsePercent('-1'), null);
});

test('floor and ceiling division, including negatives', () => {
  assert.equal(floorDiv(7n, 2n), 3n);
  assert.equal(floorDiv(-7n, 2n), -4n);
  assert.equal(ceilDiv(7n, 2n), 4n);
  assert.equal(ceilDiv(-7n, 2n), -3n);
  assert.equal(ceilDiv(6n, 2n), 3n);
});

test('"not more than" and "less than" thresholds', () => {
  // 0.5% of 1,348,720 = 6,743.6
  assert.equal(largestIntegerWithin({ num: 5n * 1348720n, den: 1000n }, '<='), 6743n);
  assert.equal(largestIntegerWithin({ num: 5n * 1348720n, den: 1000n }, '<'), 6743n);
  // 1% of 10,000 = 100 exactly: "less than" stops at 99
  assert.equal(largestIntegerWithin({ num: 10000n, den: 100n }, '<='), 100n);
  assert.equal(largestIntegerWithin({ num: 10000n, den: 100n }, '<'), 99n);
  assert.equal(compareRationals({ num: 1n, den: 3n }, { num: 2n, den: 6n }), 0);
  assert.equal(compareRationals({ num: 1n, den: 3n }, { num: 1n, den: 2n }), -1);
});
