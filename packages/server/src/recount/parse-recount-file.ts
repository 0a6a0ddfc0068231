import {
  decodeUtf8,
  detectFormat,
  ElectionTally,
  importDocument,
  importOpenElections,
  SourceFileError,
  unitVotesOf,
  type CountBatch,
  type ElectionDefinition,
  type FactRecord,
  type SourceError,
  type SubmissionFormat,
  type UnitVotes,
} from '@canvass/core';

/** A recount file read against the election's definition. */
export type ParsedRecount =
  | {
      readonly ok: true;
      readonly format: SubmissionFormat;
      /** The contest's votes per choice in every unit the file counts. */
      readonly unitVotes: UnitVotes;
    }
  | { readonly ok: false; readonly errors: readonly SourceError[]; readonly errorCount: number };

/** What to read. */
export interface ParseRecountRequest {
  readonly bytes: Uint8Array;
  readonly sourceName: string;
  /** Told from the content when absent. */
  readonly format?: SubmissionFormat | null;
  /** The election's current definition: the recount must fit it. */
  readonly definition: ElectionDefinition;
  readonly contestId: string;
}

const problem = (file: string, code: string, reason: string): ParsedRecount => ({
  ok: false,
  errors: [{ file, line: null, column: null, code, reason }],
  errorCount: 1,
});

/**
 * Reads a recount's results file (any format Canvass imports) against the election's
 * definition and keeps the one contest being recounted. The file may hold other contests (they
 * are ignored) but no unit or choice the original count does not know: a recount counts the
 * same ballots again.
 * @example await parseRecountFile({ bytes, sourceName: 'recount.csv', definition, contestId: 'united-states-senator' })
 */
export async function parseRecountFile(request: ParseRecountRequest): Promise<ParsedRecount> {
  const { definition, sourceName: file } = request;
  const contestIndex = definition.contests.findIndex((c) => c.id === request.contestId);
  const contest = definition.contests[contestIndex];
  if (contest === undefined)
    return problem(
      file,
      'unknown-contest',
      `election ${definition.id} has no contest ${request.contestId}`,
    );
  const head = Buffer.from(request.bytes.subarray(0, 8192)).toString('utf8');
  const format = request.format ?? detectFormat(head);
  if (format === null)
    return problem(
      file,
      'unknown-format',
      'not a format Canvass reads (OpenElections CSV, NIST SP 1500-100 JSON or XML)',
    );
  const batches: CountBatch[] = [];
  const sink = {
    counts: (batch: CountBatch) => {
      batches.push(batch);
    },
    facts: (_records: readonly FactRecord[]) => undefined,
  };
  // eslint-disable-next-line @typescript-eslint/require-await -- a one-chunk async source
  async function* source(): AsyncGenerator<Uint8Array> {
    yield request.bytes;
  }
  const chunks = decodeUtf8(source(), file);
  let parsed: {
    ok: boolean;
    errors: SourceError[];
    errorCount: number;
    definition: ElectionDefinition;
  };
  try {
    parsed =
      format === 'openelections'
        ? await importOpenElections(
            chunks,
            {
              file,
              definition,
              election: {
                id: definition.id,
                name: definition.name,
                date: definition.date,
                state: definition.state,
                type: definition.type,
              },
              onDuplicate: 'error',
              onCountyTotal: 'error',
            },
            sink,
          )
        : await importDocument(
            format,
            chunks,
            { file, definition, electionId: definition.id },
            sink,
          );
  } catch (error) {
    if (error instanceof SourceFileError)
      return { ok: false, errors: error.errors, errorCount: error.errors.length };
    throw error;
  }
  if (!parsed.ok) return { ok: false, errors: parsed.errors, errorCount: parsed.errorCount };
  const read = parsed.definition;
  const newUnits = read.units.slice(definition.units.length).map((unit) => unit.name);
  if (newUnits.length > 0)
    return problem(
      file,
      'unknown-unit',
      `the recount names units the original count does not have: ${newUnits.slice(0, 5).join(', ')}${newUnits.length > 5 ? ` and ${String(newUnits.length - 5)} more` : ''}`,
    );
  const readContest = read.contests[contestIndex];
  if (readContest?.id !== contest.id || readContest.choices.length !== contest.choices.length) {
    const extra = readContest?.choices.slice(contest.choices.length).map((c) => c.name) ?? [];
    return problem(
      file,
      'unknown-choice',
      `the recount of ${contest.name} names choices the original count does not have: ${extra.join(', ')}`,
    );
  }
  // The tally decides how rows add up (vote types, party lines), exactly as for the original.
  const tally = new ElectionTally(read);
  const applier = tally.beginSubmission(read);
  for (const batch of batches) applier.counts(batch);
  const unitVotes = unitVotesOf(tally, contestIndex);
  if (unitVotes.size === 0)
    return problem(file, 'no-counts', `the file has no counts for ${contest.name}`);
  return { ok: true, format, unitVotes };
}
