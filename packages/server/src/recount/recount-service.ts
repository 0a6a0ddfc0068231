import {
  compareRecount,
  unitVotesOf,
  type RecountComparison,
  type SourceError,
  type SubmissionFormat,
} from '@canvass/core';
import type { Store } from '../store/store.ts';
import { loadTally } from '../store/load-tally.ts';
import { parseRecountFile } from './parse-recount-file.ts';
import {
  readRecount,
  recordRecount,
  type RecordRecountOutcome,
  type RecountRecord,
} from './recount-store.ts';

/** A recount file to record as the recount of one contest. */
export interface ImportRecountRequest {
  readonly store: Store;
  readonly electionId: string;
  readonly contestId: string;
  readonly bytes: Uint8Array;
  readonly sourceName: string;
  readonly format?: SubmissionFormat | null;
  readonly submittedBy: string;
}

/** What happened to a recount file: recorded, already recorded, or refused with every problem. */
export type ImportRecountOutcome =
  | RecordRecountOutcome
  | {
      readonly status: 'rejected';
      readonly errors: readonly SourceError[];
      readonly errorCount: number;
    };

/**
 * Reads a recount file against the election's current definition and records it beside the
 * original count (see {@link recordRecount}); a bad file stores nothing.
 * @example await importRecount({ store, electionId, contestId: 'united-states-senator', bytes, sourceName, submittedBy: 'cli' })
 */
export async function importRecount(request: ImportRecountRequest): Promise<ImportRecountOutcome> {
  const { store, electionId, contestId, sourceName: file } = request;
  const election = await store.getElection(electionId);
  const definition = election === null ? null : await store.getDefinition(election.definitionHash);
  if (election === null || definition === null)
    return {
      status: 'rejected',
      errors: [
        {
          file,
          line: null,
          column: null,
          code: 'unknown-election',
          reason: `no election ${electionId}`,
        },
      ],
      errorCount: 1,
    };
  const parsed = await parseRecountFile({
    bytes: request.bytes,
    sourceName: file,
    format: request.format ?? null,
    definition,
    contestId,
  });
  if (!parsed.ok)
    return { status: 'rejected', errors: parsed.errors, errorCount: parsed.errorCount };
  const contest = definition.contests.find((c) => c.id === contestId);
  return recordRecount(store, {
    electionId,
    contestId,
    definitionHash: election.definitionHash,
    choiceIds: contest?.choices.map((choice) => choice.id) ?? [],
    format: parsed.format,
    sourceName: file,
    bytes: request.bytes,
    submittedBy: request.submittedBy,
    unitVotes: parsed.unitVotes,
  });
}

/** A recorded recount compared with the election's current original count. */
export type StoredRecountComparison =
  | { readonly ok: true; readonly recount: RecountRecord; readonly comparison: RecountComparison }
  | { readonly ok: false; readonly code: 'not-found'; readonly message: string };

/**
 * Compares a recorded recount with the original count as it stands now (every accepted
 * submission of the election), per precinct and county.
 * @example await compareStoredRecount(store, '2017-12-12-al-special-general', 1)
 */
export async function compareStoredRecount(
  store: Store,
  electionId: string,
  recountId: number,
): Promise<StoredRecountComparison> {
  const loaded = await loadTally(store, electionId);
  if (loaded === null)
    return { ok: false, code: 'not-found', message: `no election ${electionId}` };
  const { definition } = loaded.tally;
  const choicesOf = (contestId: string): readonly string[] =>
    definition.contests.find((c) => c.id === contestId)?.choices.map((choice) => choice.id) ?? [];
  const stored = await readRecount(store, recountId, (recount) => choicesOf(recount.contestId));
  if (stored === null || stored.recount.electionId !== electionId)
    return {
      ok: false,
      code: 'not-found',
      message: `no recount ${String(recountId)} of ${electionId}`,
    };
  const contestIndex = definition.contests.findIndex((c) => c.id === stored.recount.contestId);
  const compared = compareRecount(
    definition,
    stored.recount.contestId,
    unitVotesOf(loaded.tally, contestIndex),
    stored.unitVotes,
  );
  // The recount was read against this election's definition, which only ever grows.
  if (!compared.ok) throw new Error(compared.error.message);
  return { ok: true, recount: stored.recount, comparison: compared.value };
}
