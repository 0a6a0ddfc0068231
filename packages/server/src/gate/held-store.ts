import { gzipSync } from 'node:zlib';
import type { GateFinding } from '@canvass/core';
import type { Selectable } from 'kysely';
import type { HeldSubmissionsTable } from '../store/held-schema.ts';
import type { ElectionState } from '../store/election-state.ts';
import type { Store } from '../store/store.ts';

/** A held update, as listed (without its bytes). */
export interface HeldSubmission {
  readonly id: number;
  readonly electionId: string;
  readonly format: string;
  readonly sourceName: string;
  readonly sourceSha256: string;
  readonly byteSize: number;
  readonly options: Readonly<Record<string, unknown>>;
  readonly submittedBy: string;
  readonly submittedAt: string;
  readonly reasons: readonly GateFinding[];
  readonly status: 'held' | 'approved' | 'rejected';
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly decisionReason: string | null;
  readonly submissionId: number | null;
}

/** What is kept when an update is held. */
export interface HoldRequest {
  readonly electionId: string;
  readonly format: string;
  readonly sourceName: string;
  readonly sourceSha256: string;
  readonly bytes: Uint8Array;
  readonly options: Readonly<Record<string, unknown>>;
  readonly submittedBy: string;
  readonly reasons: readonly GateFinding[];
  /** The election state the gate decided against, checked under the write lock. */
  readonly expectedState?: ElectionState;
}

/**
 * Keeps a held update and its `submission-held` ledger record in one transaction. The record
 * carries the source hash, so the kept bytes can be checked against what was signed.
 */
export async function holdSubmission(store: Store, request: HoldRequest): Promise<HeldSubmission> {
  let id = 0;
  const at = new Date().toISOString();
  await store.appendRecord({
    electionId: request.electionId,
    kind: 'submission-held',
    actor: request.submittedBy,
    ...(request.expectedState === undefined ? {} : { expectedState: request.expectedState }),
    write: async (trx) => {
      const inserted = await trx
        .insertInto('held_submissions')
        .values({
          election_id: request.electionId,
          format: request.format,
          source_name: request.sourceName,
          source_sha256: request.sourceSha256,
          byte_size: request.bytes.length,
          source: gzipSync(request.bytes),
          options: JSON.stringify(request.options),
          submitted_by: request.submittedBy,
          submitted_at: at,
          reasons: JSON.stringify(request.reasons),
          status: 'held',
          decided_by: null,
          decided_at: null,
          decision_reason: null,
          submission_id: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = inserted.id;
      return {
        heldId: id,
        format: request.format,
        sourceName: request.sourceName,
        sourceSha256: request.sourceSha256,
        byteSize: request.bytes.length,
        options: request.options,
        reasons: request.reasons.map((finding) => ({ ...finding })),
      };
    },
  });
  const held = await getHeld(store, id);
  if (held === null) throw new Error(`held update ${id} was not stored`);
  return held;
}

/** Held updates of an election (all, or those with one status), oldest first. */
export async function listHeld(
  store: Store,
  electionId: string,
  status: HeldSubmission['status'] | null = null,
): Promise<HeldSubmission[]> {
  let query = store.database
    .selectFrom('held_submissions')
    .selectAll()
    .where('election_id', '=', electionId);
  if (status !== null) query = query.where('status', '=', status);
  const rows = await query.orderBy('id').execute();
  return rows.map(toHeld);
}

/** One held update, or null. */
export async function getHeld(store: Store, id: number): Promise<HeldSubmission | null> {
  const row = await store.database
    .selectFrom('held_submissions')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? null : toHeld(row);
}

/** The gzip of a held update's exact bytes, or null. */
export async function readHeldSource(store: Store, id: number): Promise<Uint8Array | null> {
  const row = await store.database
    .selectFrom('held_submissions')
    .select('source')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.source ?? null;
}

function toHeld(row: Selectable<HeldSubmissionsTable>): HeldSubmission {
  return {
    id: row.id,
    electionId: row.election_id,
    format: row.format,
    sourceName: row.source_name,
    sourceSha256: row.source_sha256,
    byteSize: row.byte_size,
    options: JSON.parse(row.options) as Record<string, unknown>,
    submittedBy: row.submitted_by,
    submittedAt: row.submitted_at,
    reasons: JSON.parse(row.reasons) as GateFinding[],
    status: row.status as HeldSubmission['status'],
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    decisionReason: row.decision_reason,
    submissionId: row.submission_id,
  };
}
