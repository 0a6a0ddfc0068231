import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decimalRatio, percent } from './ratio.ts';

describe('decimalRatio', () => {
  it('rounds half up in integers', () => {
    assert.equal(decimalRatio(1, 8, 2), '0.13');
    assert.equal(decimalRatio(1, 3, 4), '0.3333');
    assert.equal(decimalRatio(2, 3, 0), '1');
    assert.equal(decimalRatio(-1, 8, 2), '-0.13');
    assert.equal(decimalRatio(0, 5, 2), '0.00');
  });

  it('is null for a zero denominator', () => {
    assert.equal(decimalRatio(3, 0, 2), null);
  });

  it('gives the Alabama 2017 certified margin as 1.626% of the votes for the office', () => {
    assert.equal(percent(21924, 1348720, 3), 1.626);
  });

  it('agrees with exact rational rounding on random integers', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.integer({ min: 1, max: 1e9 }),
        fc.integer({ min: 0, max: 6 }),
        (n, d, places) => {
          const text = decimalRatio(n, d, places);
          assert.ok(text !== null);
          const scaled = BigInt(text.replace('.', ''));
          // Half up: n/d - 1/(2*10^p) <= scaled/10^p < n/d + 1/(2*10^p), cross-multiplied.
          const diff = BigInt(n) * 10n ** BigInt(places) * 2n - scaled * 2n * BigInt(d);
          assert.ok(diff >= -BigInt(d) && diff < BigInt(d), `${n}/${d} -> ${text}`);
        },
      ),
    );
  });
});
