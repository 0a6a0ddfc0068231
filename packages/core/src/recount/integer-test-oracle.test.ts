import { test } from 'node:test';
import assert from 'node:assert/strict';
import { integerTestHolds } from './integer-test-oracle.ts';

// The oracle reads the data's own `integer_test` strings, written independently of the
// structured tests, so the property tests can compare the two.
test('integer_test strings evaluate with and/or, parentheses and products', () => {
  const values = { margin: 21924n, T_office: 1348720n };
  assert.equal(integerTestHolds('200*margin <= T_office', values), false);
  assert.equal(
    integerTestHolds('200*margin <= T_office', { margin: 6743n, T_office: 1348720n }),
    true,
  );
  assert.equal(
    integerTestHolds('200*margin <= T_office', { margin: 6744n, T_office: 1348720n }),
    false,
  );
  assert.equal(
    integerTestHolds('(200*margin < T_office and margin <= 2000) or margin < 20', {
      margin: 19n,
      T_office: 10n,
    }),
    true,
  );
  assert.equal(
    integerTestHolds('margin <= 1000 and 20000*margin <= 3*T_office', {
      margin: 3n,
      T_office: 20000n,
    }),
    true,
  );
  assert.equal(
    integerTestHolds('margin <= 1000 and 20000*margin <= 3*T_office', {
      margin: 4n,
      T_office: 20000n,
    }),
    false,
  );
  assert.equal(integerTestHolds('margin == 0', { margin: 0n }), true);
  assert.throws(() => integerTestHolds('margin <= unknown_name', { margin: 0n }), /unknown_name/);
});
