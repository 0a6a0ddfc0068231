// Helpers for the export/import tests of the document formats (no tests of its own).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ElectionDefinition } from '../../model/election.ts';
import type { CountBatch, FactRecord, SubmissionSink } from '../../model/submission.ts';
import { ElectionTally } from '../../tally/election-tally.ts';
import { resultsDocument } from '../../tally/results-document.ts';
import { importOpenElections } from '../openelections/import.ts';

/** A file of the project (path from the repository root). */
export function projectFile(path: string): string {
  return readFileSync(fileURLToPath(new URL(`../../../../../${path}`, import.meta.url)), 'utf8');
}

/** Streams text in chunks of `size` characters. */
export async function* textChunks(text: string, size = 65536): AsyncGenerator<string> {
  for (let at = 0; at < text.length; at += size) {
    await Promise.resolve();
    yield text.slice(at, at + size);
  }
}

/** A sink that keeps everything it receives. */
export function collectingSink(): SubmissionSink & {
  batches: CountBatch[];
  factRecords: FactRecord[];
} {
  const batches: CountBatch[] = [];
  const factRecords: FactRecord[] = [];
  return {
    batches,
    factRecords,
    counts: (batch) => {
      batches.push(batch);
    },
    facts: (records) => {
      factRecords.push(...records);
    },
  };
}

/** A tally of one submission. */
export function tallyOf(
  definition: ElectionDefinition,
  batches: readonly CountBatch[],
  facts: readonly FactRecord[],
): ElectionTally {
  const tally = new ElectionTally(definition);
  const applier = tally.beginSubmission(definition);
  for (const batch of batches) applier.counts(batch);
  applier.facts(facts);
  return tally;
}

let alabama: ElectionTally | null = null;

/** The Alabama 2017 file imported as one submission (parsed once per test process). */
export async function alabamaTally(): Promise<ElectionTally> {
  if (alabama !== null) return alabama;
  const sink = collectingSink();
  const result = await importOpenElections(
    textChunks(projectFile('data/20171212__al__special__general__precinct.csv')),
    {
      file: 'al.csv',
      definition: null,
      election: {
        id: '2017-12-12-al-special-general',
        name: 'Alabama 2017',
        date: '2017-12-12',
        state: 'AL',
        type: 'special-general',
      },
      onDuplicate: 'error',
      onCountyTotal: 'error',
    },
    sink,
  );
  if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 3)));
  alabama = tallyOf(result.definition, sink.batches, sink.factRecords);
  return alabama;
}

/**
 * The results document by county, without the definition hash: what must survive a round trip
 * (every contest, choice, total, over/under, reporting count and consistency warning).
 */
export function countyResults(tally: ElectionTally): unknown {
  const document = resultsDocument(tally, 'hash', { by: 'county' });
  return { ...document, election: { ...document.election, definitionHash: null } };
}
