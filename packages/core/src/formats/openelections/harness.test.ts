// Helpers for the importer tests (no tests of its own).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ElectionDefinition } from '../../model/election.ts';
import {
  TARGET_BLANK,
  TARGET_OVERVOTES,
  TARGET_UNDERVOTES,
  VOTE_TYPE_CODES,
  type CountBatch,
  type FactRecord,
} from '../../model/submission.ts';
import {
  importOpenElections,
  type OpenElectionsImportOptions,
  type OpenElectionsImportResult,
} from './import.ts';

/** The text of a fixture file. */
export function fixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`fixtures/${name}`, import.meta.url)), 'utf8');
}

/** A file from the project's data folder (the full Alabama files). */
export function dataFile(name: string): string {
  return readFileSync(
    fileURLToPath(new URL(`../../../../../data/${name}`, import.meta.url)),
    'utf8',
  );
}

/** Streams text in chunks of `size` characters, to exercise chunk boundaries. */
export async function* chunked(text: string, size = 7): AsyncGenerator<string> {
  for (let at = 0; at < text.length; at += size) {
    await Promise.resolve();
    yield text.slice(at, at + size);
  }
}

/** One emitted count, with names resolved through the definition. */
export interface NamedCount {
  readonly unit: string;
  readonly contest: string;
  readonly target: string;
  readonly line: string | null;
  readonly voteType: string;
  readonly value: number;
  readonly sourceLine: number;
}

/** What a test import produced. */
export interface Imported {
  readonly result: OpenElectionsImportResult;
  readonly counts: NamedCount[];
  readonly facts: FactRecord[];
  readonly batches: CountBatch[];
}

/** Imports text with strict defaults (infer mode), collecting everything the sink received. */
export async function run(
  text: string,
  options: Partial<OpenElectionsImportOptions> = {},
  chunkSize = 7,
): Promise<Imported> {
  const batches: CountBatch[] = [];
  const facts: FactRecord[] = [];
  const result = await importOpenElections(
    chunked(text, chunkSize),
    {
      file: 'test.csv',
      definition: null,
      election: {
        id: 'test',
        name: 'Test Election',
        date: '2026-11-03',
        state: 'XX',
        type: 'general',
      },
      onDuplicate: 'error',
      onCountyTotal: 'error',
      ...options,
    },
    {
      counts: (batch) => {
        batches.push(batch);
      },
      facts: (records) => {
        facts.push(...records);
      },
    },
  );
  return { result, counts: named(result.definition, batches), facts, batches };
}

function named(definition: ElectionDefinition, batches: readonly CountBatch[]): NamedCount[] {
  const out: NamedCount[] = [];
  for (const batch of batches)
    for (let i = 0; i < batch.length; i++) {
      const contest = definition.contests[batch.contest[i]!]!;
      const target = batch.target[i]!;
      const choice = target >= 0 ? contest.choices[target]! : null;
      out.push({
        unit: definition.units[batch.unit[i]!]!.id,
        contest: contest.name,
        target:
          target === TARGET_OVERVOTES
            ? 'overvotes'
            : target === TARGET_UNDERVOTES
              ? 'undervotes'
              : target === TARGET_BLANK
                ? 'blank'
                : choice!.name,
        line: choice !== null && batch.line[i]! >= 0 ? choice.lines[batch.line[i]!]! : null,
        voteType: VOTE_TYPE_CODES[batch.voteType[i]!]!,
        value: batch.value[i]!,
        sourceLine: batch.sourceLine[i]!,
      });
    }
  return out;
}

/** Sum of the total-type counts matching a filter. */
export function sum(counts: readonly NamedCount[], match: Partial<NamedCount>): number {
  let total = 0;
  for (const count of counts) {
    if (count.voteType !== (match.voteType ?? 'total')) continue;
    if (Object.entries(match).every(([key, value]) => count[key as keyof NamedCount] === value))
      total += count.value;
  }
  return total;
}

/** Error codes of a result, in order. */
export function codes(result: OpenElectionsImportResult): string[] {
  return result.errors.map((error) => error.code);
}
