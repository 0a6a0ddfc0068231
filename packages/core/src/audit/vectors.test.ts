import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { compareOutput } from './vectors/compare-output.ts';
import { runRlaVectors } from './vectors/run-rla-vectors.ts';
import { BY_DESIGN, UNSUPPORTED } from './vectors/known-differences.ts';

const dir = new URL('../../test-vectors/rla/', import.meta.url);
const digest = (text: string): Uint8Array => createHash('sha256').update(text).digest();

// RLA.md §9: p-values of the Decimal-based Arlo math to 1e-9; MINERVA/SUITE to 1e-6.
const TOLERANCE: Record<string, number> = {
  'consistent_sampler.json': 0,
  'bravo.json': 1e-9,
  'supersimple.json': 1e-9,
  'macro.json': 1e-9,
  'shangrla_alpha.json': 1e-9,
  'minerva.json': 1e-6,
  'suite.json': 1e-6,
};

interface CaseJson {
  readonly id: string;
  readonly output?: unknown;
  readonly items?: readonly { readonly output?: unknown }[];
  readonly grid?: readonly { readonly output?: unknown }[];
}

const totals = { exact: 0, tolerance: 0, byDesign: 0, unsupported: 0 };

for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  test(`RLA vectors: ${file}`, (t) => {
    const json = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as { cases: CaseJson[] };
    const outputs = runRlaVectors(json, { digest });
    const mismatches: string[] = [];
    const counts = { exact: 0, tolerance: 0, byDesign: 0, unsupported: 0 };
    for (const c of json.cases) {
      const expected = (c.items ?? c.grid)?.map((i) => i.output) ?? c.output;
      const actual = outputs[c.id];
      const unsupported = UNSUPPORTED[c.id];
      if (unsupported !== undefined) {
        assert.equal((actual as { type?: string }).type, 'Unsupported', `${c.id} is listed as unsupported`);
        counts.unsupported++;
        continue;
      }
      const cmp = compareOutput(expected, actual, TOLERANCE[file] ?? 1e-9);
      const byDesign = BY_DESIGN[c.id];
      if (byDesign !== undefined) {
        // The table must stay honest: a listed difference that now matches is an error too.
        if (cmp.kind !== 'mismatch') mismatches.push(`${c.id}: listed as a by-design difference but matches`);
        counts.byDesign++;
        continue;
      }
      if (cmp.kind === 'mismatch') mismatches.push(`${c.id}: ${cmp.detail}`);
      else counts[cmp.kind]++;
    }
    t.diagnostic(`${file}: ${JSON.stringify(counts)}`);
    for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += counts[k];
    assert.deepEqual(mismatches, [], `mismatches in ${file}:\n${mismatches.join('\n')}`);
  });
}

test('RLA vectors: totals', (t) => {
  t.diagnostic(`all files: ${JSON.stringify(totals)}`);
  assert.ok(totals.exact > 0);
});
