import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { compareOutput } from './vectors/compare-output.ts';
import { caseKey, runRlaVectors } from './vectors/run-rla-vectors.ts';
import {
  BY_DESIGN,
  NOT_IMPLEMENTED_FILES,
  SPEC_GAPS,
  UNSUPPORTED,
} from './vectors/known-differences.ts';

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
  readonly items?: readonly Readonly<Record<string, unknown>>[];
  readonly grid?: readonly Readonly<Record<string, unknown>>[];
}

// Item records mix inputs and results; these keys are the results.
const RESULT_KEYS = [
  'assort',
  'value',
  'status',
  'sample_size',
  'margin_from_tally',
  'upper_bound',
  'margin',
  'u_comparison',
];

function itemResult(item: Readonly<Record<string, unknown>>): unknown {
  if ('output' in item) return item['output'];
  return Object.fromEntries(RESULT_KEYS.filter((k) => k in item).map((k) => [k, item[k]]));
}

// JSON.parse rounds integers beyond 2^53 (cryptorandom's seed); quote such literals first so the
// runner receives their exact digits.
function parseKeepingBigIntegers(text: string): unknown {
  return JSON.parse(text.replace(/([:[,]\s*)(-?\d{17,})(?=\s*[,\]}])/g, '$1"$2"'));
}

const totals = { exact: 0, tolerance: 0, byDesign: 0, specGap: 0, unsupported: 0, mismatch: 0 };

for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  test(`RLA vectors: ${file}`, (t) => {
    const json = parseKeepingBigIntegers(readFileSync(new URL(file, dir), 'utf8')) as {
      cases: CaseJson[];
    };
    const outputs = runRlaVectors(json, { digest });
    const mismatches: string[] = [];
    const counts = { exact: 0, tolerance: 0, byDesign: 0, specGap: 0, unsupported: 0, mismatch: 0 };
    const keys: Record<string, true> = {};
    for (const c of json.cases) {
      const key = caseKey(keys, c.id);
      keys[key] = true;
      const actual = outputs[key];
      const unsupported = UNSUPPORTED[c.id] ?? NOT_IMPLEMENTED_FILES[file];
      if (unsupported !== undefined) {
        assert.equal(
          (actual as { type?: string }).type,
          'Unsupported',
          `${c.id} is listed as unsupported`,
        );
        counts.unsupported++;
        continue;
      }
      const records = c.items ?? c.grid;
      // Item cases compare item by item, so a by-design difference can name one item: `id[3]`.
      const units: [string, unknown, unknown][] =
        records === undefined
          ? [[c.id, c.output, actual]]
          : records.map((r, k) => [
              `${c.id}[${String(k)}]`,
              itemResult(r),
              Array.isArray(actual) ? actual[k] : actual,
            ]);
      let kind: keyof typeof counts = 'exact';
      for (const [unitId, expected, got] of units) {
        const cmp = compareOutput(expected, got, TOLERANCE[file] ?? 1e-9);
        if (BY_DESIGN[unitId] !== undefined || SPEC_GAPS[unitId] !== undefined) {
          // The tables must stay honest: a listed difference that now matches is an error too.
          if (cmp.kind !== 'mismatch')
            mismatches.push(`${unitId}: listed as a difference but matches`);
          if (kind !== 'mismatch')
            kind =
              BY_DESIGN[unitId] !== undefined ? 'byDesign' : kind === 'byDesign' ? kind : 'specGap';
        } else if (cmp.kind === 'mismatch') {
          mismatches.push(`${unitId}: ${cmp.detail}`);
          kind = 'mismatch';
        } else if (cmp.kind === 'tolerance' && kind === 'exact') {
          kind = 'tolerance';
        }
      }
      counts[kind]++;
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
