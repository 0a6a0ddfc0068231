import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pythonStr, pythonStrRepr } from './python-repr.ts';
import { arloBallotId, batchIdBuilder, canonicalBallotId } from './ballot-id.ts';

// Expected strings were printed by CPython 3.11's repr()/str().
test("pythonStrRepr follows CPython's quoting and escaping", () => {
  assert.equal(pythonStrRepr("O'Brien"), `"O'Brien"`);
  assert.equal(pythonStrRepr('say "hi"'), `'say "hi"'`);
  assert.equal(pythonStrRepr(`both ' and "`), `'both \\' and "'`);
  assert.equal(pythonStrRepr('back\\slash'), `'back\\\\slash'`);
  assert.equal(pythonStrRepr('Zürich 😊'), `'Zürich 😊'`);
  assert.equal(pythonStrRepr('tab\there\nnl'), `'tab\\there\\nnl'`);
  assert.equal(pythonStrRepr('\x01\x7f\xa0\xad'), `'\\x01\\x7f\\xa0\\xad'`);
  assert.equal(pythonStrRepr('\u2028'), `'\\u2028'`);
});

test('pythonStr prints nested tuples as Arlo hashes them', () => {
  assert.equal(pythonStr([['J1', null, "O'Brien"], 3]), `(('J1', None, "O'Brien"), 3)`);
  assert.equal(pythonStr(['x']), `('x',)`);
  assert.equal(pythonStr('pct 1'), 'pct 1');
  assert.equal(arloBallotId({ batchKey: 'pct 2', position: 3 }), `('pct 2', 3)`);
});

test('canonical ballot ids are length-prefixed and unambiguous', () => {
  assert.equal(
    canonicalBallotId({ batchKey: ['J1', null, 'Batch 1'], position: 3 }),
    'cb1:2:J10:7:Batch 11:3',
  );
  assert.equal(canonicalBallotId({ batchKey: ['Zürich'], position: 12 }), 'cb1:7:Zürich2:12');
  // Without length prefixes these two would collide.
  assert.notEqual(
    canonicalBallotId({ batchKey: ['a:1', 'b'], position: 1 }),
    canonicalBallotId({ batchKey: ['a', '1:b'], position: 1 }),
  );
});

test('per-batch id builders produce exactly the single-ballot ids', () => {
  for (const batchKey of [
    ['J1', null, 'Batch 1'],
    'pct 2',
    ["O'Brien", 'T-1', 'Zürich'],
  ] as const) {
    const canonical = batchIdBuilder('canonical', batchKey);
    const arlo = batchIdBuilder('arlo', batchKey);
    for (const position of [1, 9, 10, 12345]) {
      assert.equal(canonical(position), canonicalBallotId({ batchKey, position }));
      assert.equal(arlo(position), arloBallotId({ batchKey, position }));
    }
  }
});
