import { compareOutput } from './compare-output.ts';
import { arr, obj, str } from './json.ts';
import { BY_DESIGN, NOT_IMPLEMENTED_FILES, SPEC_GAPS, UNSUPPORTED } from './known-differences.ts';
import { caseKey } from './run-rla-vectors.ts';

/**
 * Relative tolerance for non-integer numbers per vector file (RLA.md §9): the Decimal-based Arlo
 * math and SHANGRLA to 1e-9; MINERVA, Providence and SUITE (float sums, convolutions, searches)
 * to 1e-6; sampler outputs exactly.
 */
export const RLA_TOLERANCE: Readonly<Record<string, number>> = {
  'consistent_sampler.json': 0,
  'bravo.json': 1e-9,
  'supersimple.json': 1e-9,
  'macro.json': 1e-9,
  'shangrla_alpha.json': 1e-9,
  'minerva.json': 1e-6,
  'suite.json': 1e-6,
};

/** How each case of a vector file compared. */
export interface VectorCounts {
  exact: number;
  tolerance: number;
  byDesign: number;
  specGap: number;
  unsupported: number;
  mismatch: number;
}

/** The result of {@link compareVectorOutputs}. */
export interface VectorComparison {
  readonly counts: VectorCounts;
  /** One line per mismatch: the case (or `case[item]`) id and what differs. */
  readonly mismatches: readonly string[];
  /** Each case or item that differs by design, with the reason. */
  readonly byDesign: readonly { readonly id: string; readonly reason: string }[];
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

/**
 * Compares computed outputs (keyed as {@link runRlaVectors} keys them) with the outputs recorded
 * in a vector file: exactly, or within `relTol` for non-integer numbers. Cases listed as
 * differing by design or as unsupported must still differ, so the tables cannot go stale.
 * @example compareVectorOutputs(file, runRlaVectors(file), 'bravo.json').mismatches // []
 */
export function compareVectorOutputs(
  fileJson: unknown,
  outputs: Readonly<Record<string, unknown>>,
  fileName: string,
  relTol: number = RLA_TOLERANCE[fileName] ?? 1e-9,
): VectorComparison {
  const counts: VectorCounts = {
    exact: 0,
    tolerance: 0,
    byDesign: 0,
    specGap: 0,
    unsupported: 0,
    mismatch: 0,
  };
  const mismatches: string[] = [];
  const byDesign: { id: string; reason: string }[] = [];
  const keys: Record<string, true> = {};
  for (const raw of arr(obj(fileJson, 'vector file')['cases'], 'cases')) {
    const c = obj(raw, 'case');
    const id = str(c['id'], 'case.id');
    const key = caseKey(keys, id);
    keys[key] = true;
    if (!(key in outputs)) {
      mismatches.push(`${key}: no output`);
      counts.mismatch++;
      continue;
    }
    const actual = outputs[key];
    if (UNSUPPORTED[id] !== undefined || NOT_IMPLEMENTED_FILES[fileName] !== undefined) {
      const type = (actual as { type?: unknown } | null)?.type;
      if (type !== 'Unsupported') mismatches.push(`${id}: listed as unsupported but computed`);
      counts.unsupported++;
      continue;
    }
    const records = (c['items'] ?? c['grid']) as
      readonly Readonly<Record<string, unknown>>[] | undefined;
    // Item cases compare item by item, so a by-design difference can name one item: `id[3]`.
    const units: [string, unknown, unknown][] =
      records === undefined
        ? [[id, c['output'], actual]]
        : records.map((r, k) => [
            `${id}[${String(k)}]`,
            itemResult(r),
            Array.isArray(actual) ? (actual as unknown[])[k] : actual,
          ]);
    let kind: keyof VectorCounts = 'exact';
    for (const [unitId, expected, got] of units) {
      const cmp = compareOutput(expected, got, relTol);
      const designReason = BY_DESIGN[unitId];
      if (designReason !== undefined || SPEC_GAPS[unitId] !== undefined) {
        if (cmp.kind !== 'mismatch')
          mismatches.push(`${unitId}: listed as a difference but matches`);
        if (designReason !== undefined) byDesign.push({ id: unitId, reason: designReason });
        if (kind !== 'mismatch')
          kind = designReason !== undefined ? 'byDesign' : kind === 'byDesign' ? kind : 'specGap';
      } else if (cmp.kind === 'mismatch') {
        mismatches.push(`${unitId}: ${cmp.detail}`);
        kind = 'mismatch';
      } else if (cmp.kind === 'tolerance' && kind === 'exact') {
        kind = 'tolerance';
      }
    }
    counts[kind]++;
  }
  return { counts, mismatches, byDesign };
}
