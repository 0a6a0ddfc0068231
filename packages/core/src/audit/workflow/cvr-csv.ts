import { err, ok, type Result } from '../../util/result.ts';
import { CsvRecordReader } from '../../formats/csv-records.ts';
import type { ManifestBatchRow, ManifestProblem } from './ballot-manifest.ts';
import type { AuditedContest } from './polling-audit.ts';

/** One cast vote record: where the ballot is, and the choice ids marked per audited contest. */
export interface CastVoteRecord {
  readonly county: string;
  readonly tabulator: string | null;
  readonly batch: string;
  readonly position: number;
  /** Contest id → choice ids marked; a contest absent here is not on the ballot. */
  readonly votes: Readonly<Record<string, readonly string[]>>;
}

const LOCATION = ['county', 'tabulator', 'batch', 'position'] as const;
const MAX_PROBLEMS = 100;

/**
 * Reads cast vote records from a simple CSV: columns county, tabulator, batch, position (the
 * ballot's place in its manifest batch), then one column per audited contest id holding the
 * marked choice ids separated by ";" (blank: no vote; a contest column may be absent). Every
 * ballot must be in the manifest and appear once; every choice must belong to its contest.
 * @example parseCvrCsv('county,tabulator,batch,position,mayor\nAdams,T1,B1,1,ada\n', contests, manifest)
 */
export function parseCvrCsv(
  text: string,
  contests: readonly Omit<AuditedContest, 'ballots'>[],
  manifest: readonly ManifestBatchRow[],
): Result<CastVoteRecord[], ManifestProblem[]> {
  const problems: ManifestProblem[] = [];
  const problem = (line: number, field: string, reason: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push({ line, field, reason });
  };
  const batches = new Map(
    manifest.map((b) => [batchKey(b.county, b.tabulator, b.batch), b.ballots]),
  );
  const choices = new Map(contests.map((c) => [c.contestId, new Set(c.choices.map((x) => x.id))]));
  const seen = new Map<string, number>();
  const records: CastVoteRecord[] = [];
  const header: { columns: string[] | null } = { columns: null };
  const onRecord = (fields: string[], line: number): void => {
    if (header.columns === null) {
      const columns = fields.map((f) => f.trim());
      header.columns = columns;
      for (const [i, name] of LOCATION.entries())
        if (columns[i]?.toLowerCase() !== name)
          problem(
            line,
            'header',
            `column ${String(i + 1)} must be "${name}" (county, tabulator, batch, position, then contest ids)`,
          );
      for (const name of columns.slice(LOCATION.length))
        if (!choices.has(name)) problem(line, 'header', `"${name}" is not a contest in this audit`);
      return;
    }
    if (fields.every((f) => f.trim() === '')) return;
    const columns = header.columns;
    const [county = '', tabulatorText = '', batch = '', positionText = ''] = fields.map((f) =>
      f.trim(),
    );
    const tabulator = tabulatorText === '' ? null : tabulatorText;
    const position = /^\d+$/.test(positionText) ? Number(positionText) : Number.NaN;
    const ballots = batches.get(batchKey(county, tabulator, batch));
    if (ballots === undefined)
      problem(line, 'batch', `batch ${batch} of ${county} is not in the manifest`);
    if (!Number.isSafeInteger(position) || position < 1)
      problem(line, 'position', `"${positionText}" is not a ballot position`);
    else if (ballots !== undefined && position > ballots)
      problem(
        line,
        'position',
        `batch ${batch} has ${String(ballots)} ballots, not ${String(position)}`,
      );
    const key = JSON.stringify([county, tabulator, batch, position]);
    const earlier = seen.get(key);
    if (earlier !== undefined)
      problem(line, 'position', `this ballot already has a record on line ${String(earlier)}`);
    seen.set(key, line);
    const votes: Record<string, string[]> = {};
    columns.slice(LOCATION.length).forEach((contestId, i) => {
      const cell = (fields[LOCATION.length + i] ?? '').trim();
      const marked = cell === '' ? [] : cell.split(';').map((s) => s.trim());
      const allowed = choices.get(contestId);
      for (const id of marked)
        if (allowed !== undefined && !allowed.has(id))
          problem(line, contestId, `${id} is not a choice in ${contestId}`);
      votes[contestId] = marked;
    });
    records.push({ county, tabulator, batch, position, votes });
  };
  const reader = new CsvRecordReader();
  reader.push(text, onRecord);
  const syntax = reader.end(onRecord);
  if (syntax !== null) problem(syntax.line, 'record', syntax.reason);
  if (header.columns === null) problem(1, 'header', 'the file is empty');
  if (problems.length > 0) return err(problems);
  return ok(records);
}

function batchKey(county: string, tabulator: string | null, batch: string): string {
  return JSON.stringify([county, tabulator, batch]);
}
