import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { importStream, type ImportOutcome } from '../ingest/import-stream.ts';
import type { LiveResults } from '../live/live-results.ts';
import type { Store } from '../store/store.ts';
import { getHeld, readHeldSource, type HeldSubmission } from './held-store.ts';

/** Why a decision on a held update could not be made; nothing was changed. */
export class HeldDecisionError extends Error {
  readonly code: 'not-found' | 'conflict' | 'forbidden' | 'bad-request';

  constructor(code: HeldDecisionError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

const PolicySchema = z.object({
  onDuplicate: z.enum(['error', 'sum', 'first']),
  onCountyTotal: z.enum(['error', 'skip']),
});

/**
 * Approves a held update: its kept bytes are imported exactly as first submitted (same
 * submitter, same options), and a `held-approved` record naming the approver is written in the
 * same transaction as the `submission-accepted` one. The approver must be someone other than the
 * submitter. If the import no longer succeeds (the same bytes were accepted meanwhile, say), the
 * update stays held and the outcome says why.
 */
export async function approveHeld(options: {
  readonly store: Store;
  readonly live: LiveResults;
  readonly heldId: number;
  readonly approver: string;
  readonly reason: string | null;
}): Promise<{ held: HeldSubmission; outcome: ImportOutcome }> {
  const held = await undecided(options.store, options.heldId, options.approver);
  const gzip = await readHeldSource(options.store, held.id);
  if (gzip === null)
    throw new HeldDecisionError('not-found', `held update ${held.id} has no kept source`);
  const bytes = gunzipSync(gzip);
  const outcome = await importStream({
    store: options.store,
    source: { kind: 'bytes', bytes: once(bytes) },
    sourceName: held.sourceName,
    electionId: held.electionId,
    submittedBy: held.submittedBy,
    policy: PolicySchema.parse(held.options),
    annex: {
      kind: 'held-approved',
      actor: options.approver,
      write: async (trx, submission) => {
        const now = new Date().toISOString();
        const updated = await trx
          .updateTable('held_submissions')
          .set({
            status: 'approved',
            decided_by: options.approver,
            decided_at: now,
            decision_reason: options.reason,
            submission_id: submission.id,
          })
          .where('id', '=', held.id)
          .where('status', '=', 'held')
          .executeTakeFirst();
        // Another approver (maybe on another node) decided first: roll this import back.
        if (updated.numUpdatedRows !== 1n)
          throw new HeldDecisionError('conflict', `held update ${held.id} was already decided`);
        return {
          heldId: held.id,
          submissionId: submission.id,
          sourceSha256: held.sourceSha256,
          heldBy: held.submittedBy,
          ...(options.reason === null ? {} : { reason: options.reason }),
        };
      },
    },
  });
  if (outcome.status === 'accepted') await options.live.applyAccepted(outcome.submission);
  return { held: (await getHeld(options.store, held.id)) ?? held, outcome };
}

/** Rejects a held update with a reason, recorded as `held-rejected`; its bytes stay kept. */
export async function rejectHeld(options: {
  readonly store: Store;
  readonly heldId: number;
  readonly approver: string;
  readonly reason: string;
}): Promise<HeldSubmission> {
  if (options.reason.trim() === '')
    throw new HeldDecisionError('bad-request', 'rejecting a held update needs a reason');
  const held = await undecided(options.store, options.heldId, null);
  await options.store.appendRecord({
    electionId: held.electionId,
    kind: 'held-rejected',
    actor: options.approver,
    write: async (trx) => {
      const updated = await trx
        .updateTable('held_submissions')
        .set({
          status: 'rejected',
          decided_by: options.approver,
          decided_at: new Date().toISOString(),
          decision_reason: options.reason,
        })
        .where('id', '=', held.id)
        .where('status', '=', 'held')
        .executeTakeFirst();
      if (updated.numUpdatedRows !== 1n)
        throw new HeldDecisionError('conflict', `held update ${held.id} was already decided`);
      return { heldId: held.id, sourceSha256: held.sourceSha256, reason: options.reason };
    },
  });
  return (await getHeld(options.store, held.id)) ?? held;
}

async function undecided(
  store: Store,
  heldId: number,
  approver: string | null,
): Promise<HeldSubmission> {
  const held = await getHeld(store, heldId);
  if (held === null) throw new HeldDecisionError('not-found', `no held update ${heldId}`);
  if (held.status !== 'held')
    throw new HeldDecisionError('conflict', `held update ${heldId} was already ${held.status}`);
  if (approver !== null && approver === held.submittedBy)
    throw new HeldDecisionError(
      'forbidden',
      `${approver} submitted held update ${heldId}; a second person must approve it`,
    );
  return held;
}

// eslint-disable-next-line @typescript-eslint/require-await -- an async iterable of one chunk
async function* once(chunk: Uint8Array): AsyncGenerator<Uint8Array> {
  yield chunk;
}
