import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareVectorOutputs, parseVectorFile, RLA_UNSUPPORTED } from '@canvass/core';
import { main } from '../main.ts';
import { runAuditVectors, type AuditVectorsOptions } from './audit-vectors.ts';

// The project's copy of the shared vector set.
const vectorDir = fileURLToPath(new URL('../../../core/test-vectors/rla/', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'canvass-audit-vectors-'));

/** Runs the command's body with its output captured. */
async function runCaptured(
  file: string,
  options: AuditVectorsOptions,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const captured = { stdout: '', stderr: '' };
  const code = await runAuditVectors(file, options, {
    out: (text) => (captured.stdout += text),
    err: (text) => (captured.stderr += text),
  });
  return { code, ...captured };
}

for (const file of readdirSync(vectorDir)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  test(`canvass audit vectors --emit reproduces ${file}`, async () => {
    const emitted = join(out, file);
    // Through the real command line, as a user would run it.
    const code = await main([
      'node',
      'canvass',
      'audit',
      'vectors',
      join(vectorDir, file),
      '--emit',
      emitted,
    ]);
    assert.equal(code, 0);
    const vectors = parseVectorFile(readFileSync(join(vectorDir, file), 'utf8')) as {
      cases: { id: string }[];
    };
    const outputs = JSON.parse(readFileSync(emitted, 'utf8')) as Record<string, unknown>;
    // Every case has an output, keyed by its id.
    for (const c of vectors.cases) assert.ok(c.id in outputs, `${file}: ${c.id} has no output`);
    const { mismatches, byDesign, counts } = compareVectorOutputs(vectors, outputs, file);
    assert.deepEqual(mismatches, [], `mismatches in ${file}:\n${mismatches.join('\n')}`);
    // Each deliberate difference is named with its reason.
    for (const d of byDesign) assert.ok(d.reason.length > 40, `${d.id} needs a reason`);
    assert.ok(counts.exact + counts.tolerance > 0);
  });
}

test('errors are emitted as { type, message }, and --compare lists the deliberate differences', async () => {
  const emitted = join(out, 'bravo-compare.json');
  const run = await runCaptured(join(vectorDir, 'bravo.json'), { emit: emitted, compare: true });
  assert.equal(run.code, 0, run.stdout);
  assert.match(run.stdout, /differs by design: landslide_1000_0\/rl10\/get_sample_size\/round1/);
  const outputs = JSON.parse(readFileSync(emitted, 'utf8')) as Record<string, unknown>;
  const errors = Object.values(outputs).filter(
    (o) => typeof o === 'object' && o !== null && 'type' in o && 'message' in o,
  );
  assert.ok(errors.length > 0, 'bravo.json records ValueErrors');
  assert.ok(Object.keys(RLA_UNSUPPORTED).length > 0);
});

test('a changed recorded output is reported as a mismatch with exit code 1', async () => {
  const text = readFileSync(join(vectorDir, 'bravo.json'), 'utf8');
  const json = JSON.parse(text) as { cases: { id: string; output: unknown }[] };
  const first = json.cases[0];
  assert.ok(first !== undefined);
  first.output = { asn: { type: 'ASN', size: 1, prob: 0.5 } };
  const altered = join(out, 'bravo.json');
  writeFileSync(altered, JSON.stringify(json));
  const run = await runCaptured(altered, { compare: true });
  assert.equal(run.code, 1);
  assert.match(run.stdout, new RegExp(`MISMATCH ${first.id.replaceAll('/', '\\/')}`));
});

test('a missing or malformed file is a clear error', async () => {
  const missing = await runCaptured(join(out, 'nope.json'), { emit: join(out, 'x.json') });
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /nope\.json: cannot read the vector file/);
  const notVectors = join(out, 'not-vectors.json');
  writeFileSync(notVectors, '{"title": "no cases"}');
  const bad = await runCaptured(notVectors, {});
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /not a vector file: cases: expected an array/);
});
