import type { LedgerRecord } from '@canvass/core';
import type { Transaction } from 'kysely';
import type { ElectionState } from './election-state.ts';
import type { DatabaseSchema } from './schema.ts';
import type { SubmissionRecord } from './store.ts';

/**
 * A ledger record written in the same transaction as an accepted submission, right after its
 * `submission-accepted` record: a correction's reason, or the approval of a held update. Either
 * both are stored or neither is.
 */
export interface LedgerAnnex {
  readonly kind: LedgerRecord['kind'];
  /** Who the annex record names (the approver, say), not necessarily the submitter. */
  readonly actor: string;
  /** Extra writes in the transaction, returning the record's payload; throwing rolls all back. */
  write(trx: Transaction<DatabaseSchema>, submission: SubmissionRecord): Promise<LedgerPayload>;
}

/** A record's payload. */
export type LedgerPayload = Record<string, unknown>;

/** A record appended on its own, with whatever it records written in the same transaction. */
export interface LedgerEntryRequest {
  readonly electionId: string;
  readonly kind: LedgerRecord['kind'];
  readonly actor: string;
  /** Writes what the record attests and returns its payload; throwing leaves the store unchanged. */
  write(trx: Transaction<DatabaseSchema>): Promise<LedgerPayload>;
  /** The election state the step was decided against, checked under the write lock. */
  readonly expectedState?: ElectionState;
}
