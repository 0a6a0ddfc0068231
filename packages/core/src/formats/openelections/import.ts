import type { ElectionDefinition, ElectionType } from '../../model/election.ts';
import { ElectionDefinitionSchema } from '../../model/election.ts';
import type { SourceError, SourceWarning, SubmissionSink } from '../../model/submission.ts';
import type { VoteType } from '../../model/vote-type.ts';
import { CsvRecordReader } from '../csv-records.ts';
import { SourceFileError } from '../source-file-error.ts';
import { MessageLog } from './messages.ts';
import { RowMapper } from './row-mapper.ts';

/** How to import one OpenElections precinct CSV. */
export interface OpenElectionsImportOptions {
  /** Name used in messages. */
  file: string;
  /** The definition to validate against; null infers one from the file. */
  definition: ElectionDefinition | null;
  /** The election, used when inferring the definition. */
  election: { id: string; name: string; date: string; state: string | null; type: ElectionType };
  /** A repeated row key: reject the file, add the rows up, or keep the first. */
  onDuplicate: 'error' | 'sum' | 'first';
  /** County-total rows mixed into a precinct file: reject the file, or skip them. */
  onCountyTotal: 'error' | 'skip';
  /** Counts per CountBatch (default 8192). */
  batchSize?: number;
  /** Errors kept (default 1000); more are counted in errorCount. */
  maxErrors?: number;
  /** Called after each chunk with the number of characters read so far. */
  onProgress?: (charsRead: number) => void;
}

/** What an import found. Counts were already handed to the sink as they were read. */
export interface OpenElectionsImportResult {
  /** False when there is any error: the caller must then discard what the sink received. */
  ok: boolean;
  errors: SourceError[];
  /** All errors found; may exceed errors.length. */
  errorCount: number;
  warnings: SourceWarning[];
  /** The given definition, or the inferred one (only valid when ok). */
  definition: ElectionDefinition;
  /** Data rows read (not counting the header). */
  rows: number;
  /** Counts sent to the sink. */
  counts: number;
  columns: { header: string[]; unitColumns: string[]; voteColumns: Record<string, VoteType> };
  countyTotalRowsSkipped: number;
  duplicatesResolved: number;
  /** Rows without any count (an empty votes cell): unknown, never zero. */
  emptyVoteCells: number;
}

/**
 * Imports an OpenElections precinct CSV streamed as text chunks: parses it, maps every row to
 * positions in the election definition (given, or inferred append-only from the rows), and hands
 * counts to `sink.counts` in column-wise batches and unit facts to `sink.facts`. Every problem in
 * the file is collected (up to maxErrors) with its line and column; the sink may have received
 * counts before an error was found, so the caller discards the submission unless `ok`.
 * @example
 * const result = await importOpenElections(decodeUtf8(bytes, file), {
 *   file, definition: null, election, onDuplicate: 'error', onCountyTotal: 'error',
 * }, sink);
 * if (!result.ok) for (const error of result.errors) console.log(formatLocated(error));
 */
export async function importOpenElections(
  chunks: AsyncIterable<string>,
  options: OpenElectionsImportOptions,
  sink: SubmissionSink,
): Promise<OpenElectionsImportResult> {
  const log = new MessageLog(options.file, options.maxErrors ?? 1000);
  const mapper = new RowMapper(log, {
    definition: options.definition,
    election: options.election,
    onDuplicate: options.onDuplicate,
    onCountyTotal: options.onCountyTotal,
    batchSize: Math.max(1, options.batchSize ?? 8192),
  });
  const reader = new CsvRecordReader();
  let charsRead = 0;
  let sawText = false;
  try {
    for await (const chunk of chunks) {
      if (chunk.length === 0) continue;
      sawText = true;
      reader.push(charsRead === 0 ? chunk.replace(/^\ufeff/, '') : chunk, mapper.record);
      charsRead += chunk.length;
      options.onProgress?.(charsRead);
      await drain(mapper, sink);
      if (mapper.headerFailed) break;
    }
    if (!mapper.headerFailed) {
      const syntax = reader.end(mapper.record);
      if (syntax !== null) log.error(syntax.line, null, 'malformed-row', syntax.reason);
    }
  } catch (error) {
    if (!(error instanceof SourceFileError)) throw error;
    log.adopt(error.errors);
  }
  mapper.finish();
  await drain(mapper, sink);

  if (log.errorCount === 0) {
    if (mapper.layout === null && !mapper.headerFailed)
      log.error(
        null,
        null,
        'empty-file',
        sawText ? 'the file has no header row' : 'the file is empty',
      );
    else if (mapper.layout !== null && mapper.rows === 0)
      log.error(null, null, 'no-rows', 'the file has a header but no data rows');
  }

  const definition = mapper.target?.finish() ?? options.definition ?? emptyDefinition(options);
  if (options.definition === null && log.errorCount === 0) {
    const checked = ElectionDefinitionSchema.safeParse(definition);
    if (!checked.success)
      log.error(
        null,
        null,
        'invalid-definition',
        `the election definition inferred from the file is not valid: ${checked.error.issues
          .slice(0, 3)
          .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
          .join('; ')}`,
      );
  }
  log.summarize();

  const layout = mapper.layout;
  const voteColumns: Record<string, VoteType> = {};
  const unitColumns: string[] = [];
  if (layout !== null) {
    const name = (index: number): string => (layout.header[index] ?? '').trim();
    if (layout.votes >= 0) voteColumns[name(layout.votes)] = 'total';
    for (const method of layout.methods) voteColumns[method.name] = method.voteType;
    unitColumns.push(name(layout.county));
    if (layout.precinct >= 0) unitColumns.push(name(layout.precinct));
    for (const geo of layout.geo) unitColumns.push(geo.name);
  }
  return {
    ok: log.errorCount === 0,
    errors: log.errors,
    errorCount: log.errorCount,
    warnings: log.warnings,
    definition,
    rows: mapper.rows,
    counts: mapper.counts,
    columns: { header: layout === null ? [] : [...layout.header], unitColumns, voteColumns },
    countyTotalRowsSkipped: mapper.countyTotalRowsSkipped,
    duplicatesResolved: mapper.duplicatesResolved,
    emptyVoteCells: mapper.emptyVoteCells,
  };
}

async function drain(mapper: RowMapper, sink: SubmissionSink): Promise<void> {
  while (mapper.readyFacts.length > 0) {
    const facts = mapper.readyFacts.shift();
    if (facts !== undefined) await sink.facts(facts);
  }
  while (mapper.readyBatches.length > 0) {
    const batch = mapper.readyBatches.shift();
    if (batch !== undefined) await sink.counts(batch);
  }
}

function emptyDefinition(options: OpenElectionsImportOptions): ElectionDefinition {
  const election = options.election;
  return {
    id: election.id,
    name: election.name,
    date: election.date,
    state: election.state,
    type: election.type,
    units: [],
    contests: [],
  };
}
