import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { canonicalJson, definitionHash, writeCanonicalJson } from '@canvass/core';
import { buildDefinition } from '@canvass/core/testing';
import { compressDefinition, definitionText } from './definition-body.ts';

// Large enough that the canonical JSON spans many 64 KB chunks and several gzip members.
const precincts = Array.from({ length: 4000 }, (_, i) => `Precinct ${i} — Église «${i}»`);
const definition = buildDefinition({
  counties: { Adams: precincts, Baker: precincts.slice(0, 2000), Cole: ['P1', 'ABSENTEE'] },
  contests: [
    { name: 'Mayor', choices: ['Ada Ñúñez', 'Ben', 'Write-In*'] },
    { name: 'Question 1', choices: ['Yes', 'No'] },
  ],
});

describe('definition bodies', () => {
  it('writes the same canonical JSON in chunks as in one piece', () => {
    const chunks: string[] = [];
    writeCanonicalJson(definition, (chunk) => chunks.push(chunk));
    assert.ok(chunks.length > 10, `expected many chunks, got ${chunks.length}`);
    assert.equal(chunks.join(''), canonicalJson(definition));
  });

  it('hashes the canonical JSON and compresses it losslessly', () => {
    const body = compressDefinition(definition);
    assert.equal(body.hash, definitionHash(definition));
    const text = gunzipSync(body.gzip).toString('utf8');
    assert.equal(text, canonicalJson(definition));
    assert.ok(body.gzip.length * 5 < Buffer.byteLength(text), 'compressed well');
    assert.equal(definitionText({ body: null, body_gzip: body.gzip }), text);
  });

  it('reads definitions stored as text before compression', () => {
    assert.equal(definitionText({ body: '{"a":1}', body_gzip: null }), '{"a":1}');
    assert.throws(() => definitionText({ body: null, body_gzip: null }), /neither/);
  });
});
