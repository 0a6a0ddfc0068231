import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { compareVectorOutputs, type VectorCounts } from './vectors/compare-vector-outputs.ts';
import { runRlaVectors } from './vectors/run-rla-vectors.ts';
import { parseVectorFile, stringifyVectorOutputs } from './vectors/vector-file-json.ts';

const dir = new URL('../../test-vectors/rla/', import.meta.url);
const digest = (text: string): Uint8Array => createHash('sha256').update(text).digest();

const totals: VectorCounts = {
  exact: 0,
  tolerance: 0,
  byDesign: 0,
  specGap: 0,
  unsupported: 0,
  mismatch: 0,
};

for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  test(`RLA vectors: ${file}`, (t) => {
    const json = parseVectorFile(readFileSync(new URL(file, dir), 'utf8'));
    const { counts, mismatches } = compareVectorOutputs(
      json,
      runRlaVectors(json, { digest }),
      file,
    );
    t.diagnostic(`${file}: ${JSON.stringify(counts)}`);
    for (const k of Object.keys(totals) as (keyof VectorCounts)[]) totals[k] += counts[k];
    assert.deepEqual(mismatches, [], `mismatches in ${file}:\n${mismatches.join('\n')}`);
  });
}

test('RLA vectors: totals', (t) => {
  t.diagnostic(`all files: ${JSON.stringify(totals)}`);
  assert.ok(totals.exact > 0);
});

test('the comparison reports a changed output, and a listed difference that stops differing', () => {
  const file = {
    cases: [
      { id: 'a', function: 'f', status: 'ok', output: { size: 10, p: 0.5 } },
      { id: 'landslide_1000_0/rl10/get_sample_size/round1', function: 'f', output: { x: 1 } },
    ],
  };
  const right = {
    a: { size: 10, p: 0.5 + 1e-12 },
    'landslide_1000_0/rl10/get_sample_size/round1': { x: 2 },
  };
  const ok = compareVectorOutputs(file, right, 'bravo.json');
  assert.deepEqual(ok.mismatches, []);
  assert.equal(ok.counts.tolerance, 1);
  assert.equal(ok.counts.byDesign, 1);
  const wrong = {
    a: { size: 11, p: 0.5 },
    'landslide_1000_0/rl10/get_sample_size/round1': { x: 1 },
  };
  const bad = compareVectorOutputs(file, wrong, 'bravo.json');
  assert.equal(bad.mismatches.length, 2);
  assert.match(bad.mismatches[0] ?? '', /^a: size: 11 ≠ 10/);
  assert.match(bad.mismatches[1] ?? '', /listed as a difference but matches/);
  assert.deepEqual(
    compareVectorOutputs(file, { a: { size: 10, p: 0.5 } }, 'bravo.json').mismatches,
    ['landslide_1000_0/rl10/get_sample_size/round1: no output'],
  );
});

test('vector JSON keeps big integers and writes non-finite floats as strings', () => {
  assert.deepEqual(parseVectorFile('{"seed": 12345678901234567890, "n": [1, 2]}'), {
    seed: '12345678901234567890',
    n: [1, 2],
  });
  assert.deepEqual(
    JSON.parse(stringifyVectorOutputs({ u: Infinity, v: -Infinity, w: Number.NaN, b: 2n ** 70n })),
    { u: 'Infinity', v: '-Infinity', w: 'NaN', b: '1180591620717411303424' },
  );
});
