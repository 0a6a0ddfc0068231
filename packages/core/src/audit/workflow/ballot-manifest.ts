import { err, ok, type Result } from '../../util/result.ts';
import { CsvRecordReader } from '../../formats/csv-records.ts';
import type { ManifestBatch } from '../sampler/draw-ballot-sample.ts';

/** One batch of a ballot manifest: where its ballots are kept and how many there are. */
export interface ManifestBatchRow {
  readonly county: string;
  /** The tabulator (scanner) the batch went through; null when the manifest has none. */
  readonly tabulator: string | null;
  readonly batch: string;
  readonly ballots: number;
}

/** A problem in a manifest file, located for the person who has to fix it. */
export interface ManifestProblem {
  readonly line: number;
  readonly field: string;
  readonly reason: string;
}

const COLUMNS = ['county', 'tabulator', 'batch', 'ballots'] as const;
const MAX_PROBLEMS = 100;

/**
 * Reads a ballot manifest CSV with the columns county, tabulator (may be blank or absent),
 * batch and ballots, in any order (header names are case-insensitive). Every problem is
 * reported with its line and field; a manifest with any problem is rejected whole.
 * @example parseBallotManifest('county,tabulator,batch,ballots\nAutauga,T1,B1,250\n')
 */
export function parseBallotManifest(text: string): Result<ManifestBatchRow[], ManifestProblem[]> {
  const rows: ManifestBatchRow[] = [];
  const problems: ManifestProblem[] = [];
  const seen = new Map<string, number>();
  // A holder, not a `let`: the CSV callback sets it, which flow analysis cannot see.
  const header: { columns: Partial<Record<(typeof COLUMNS)[number], number>> | null } = {
    columns: null,
  };
  const problem = (line: number, field: string, reason: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push({ line, field, reason });
  };
  const onRecord = (fields: string[], line: number): void => {
    const columns = header.columns;
    if (columns === null) {
      header.columns = readHeader(fields, line, problem);
      return;
    }
    if (fields.every((f) => f.trim() === '')) return;
    const cell = (name: (typeof COLUMNS)[number]): string => {
      const index = columns[name];
      return index === undefined ? '' : (fields[index] ?? '').trim();
    };
    const county = cell('county');
    const tabulator = cell('tabulator');
    const batch = cell('batch');
    const ballotsText = cell('ballots');
    if (county === '') problem(line, 'county', 'the county is blank');
    if (batch === '') problem(line, 'batch', 'the batch is blank');
    const ballots = /^\d+$/.test(ballotsText) ? Number(ballotsText) : Number.NaN;
    if (!Number.isSafeInteger(ballots))
      problem(line, 'ballots', `"${ballotsText}" is not a whole number of ballots`);
    const key = JSON.stringify([county.toLowerCase(), tabulator, batch]);
    const earlier = seen.get(key);
    if (earlier !== undefined)
      problem(line, 'batch', `batch ${batch} of ${county} is already listed on line ${earlier}`);
    seen.set(key, line);
    rows.push({ county, tabulator: tabulator === '' ? null : tabulator, batch, ballots });
  };
  const reader = new CsvRecordReader();
  reader.push(text, onRecord);
  const syntax = reader.end(onRecord);
  if (syntax !== null) problem(syntax.line, 'record', syntax.reason);
  if (header.columns === null) problem(1, 'header', 'the file is empty');
  else if (rows.length === 0 && problems.length === 0) problem(2, 'record', 'no batches listed');
  if (problems.length > 0) return err(problems);
  return ok(rows);
}

function readHeader(
  fields: readonly string[],
  line: number,
  problem: (line: number, field: string, reason: string) => void,
): Partial<Record<(typeof COLUMNS)[number], number>> {
  const columns: Partial<Record<(typeof COLUMNS)[number], number>> = {};
  fields.forEach((name, index) => {
    const key = name.trim().toLowerCase() as (typeof COLUMNS)[number];
    if ((COLUMNS as readonly string[]).includes(key)) columns[key] = index;
  });
  for (const needed of ['county', 'batch', 'ballots'] as const) {
    if (columns[needed] === undefined)
      problem(line, 'header', `no "${needed}" column (expected county, tabulator, batch, ballots)`);
  }
  return columns;
}

/**
 * The sampler's manifest: one batch per row, keyed `[county, tabulator, batch]`, positions
 * 1..ballots. Batches with no ballots are left out (nothing to draw).
 */
export function samplerManifest(rows: readonly ManifestBatchRow[]): ManifestBatch[] {
  return rows
    .filter((row) => row.ballots > 0)
    .map((row) => ({
      batchKey: [row.county, row.tabulator, row.batch],
      positions: Array.from({ length: row.ballots }, (_, i) => i + 1),
    }));
}

/** Ballots per county and in all, as the audit uses them for contest sizes. */
export function manifestTotals(rows: readonly ManifestBatchRow[]): {
  readonly ballots: number;
  readonly batches: number;
  readonly byCounty: Readonly<Record<string, number>>;
} {
  const byCounty: Record<string, number> = {};
  let ballots = 0;
  for (const row of rows) {
    byCounty[row.county] = (byCounty[row.county] ?? 0) + row.ballots;
    ballots += row.ballots;
  }
  return { ballots, batches: rows.length, byCounty };
}
