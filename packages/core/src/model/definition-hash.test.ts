import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { canonicalJson, writeCanonicalJson } from './definition-hash.ts';

/** The definition of canonical JSON, element by element: what every fast path must equal. */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  const record = value as Record<string, unknown>;
  return `{${Object.keys(record)
    .sort()
    .filter((key) => record[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${reference(record[key])}`)
    .join(',')}}`;
}

describe('canonicalJson', () => {
  it('sorts keys at every level and writes arrays element by element', () => {
    assert.equal(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }), '{"a":[2,{"c":4,"d":3}],"b":1}');
  });

  it('equals the element-by-element definition for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        assert.equal(canonicalJson(value), reference(value));
      }),
    );
  });

  it('writes long lists of ids (sliced for speed) exactly as one list', () => {
    const ids = Array.from({ length: 10_001 }, (_, i) => (i % 7 === 0 ? i : `unit-"${i}"/é`));
    const value = { unitIds: ids, mixed: [...ids.slice(0, 5000), { a: 1 }, null, true] };
    let text = '';
    writeCanonicalJson(value, (chunk) => (text += chunk));
    assert.equal(text, reference(value));
    assert.deepEqual(JSON.parse(text), value);
  });

  it('refuses values JSON cannot hold instead of writing them as null', () => {
    assert.throws(() => canonicalJson([1, undefined]), /cannot encode undefined/);
  });
});
