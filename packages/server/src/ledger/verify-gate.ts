import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import {
  UpdateGate,
  type CountBatch,
  type ElectionDefinition,
  type ElectionTally,
  type FactRecord,
  type LedgerRecord,
} from '@canvass/core';
import type { Store } from '../store/store.ts';

/** A problem with held updates, their decisions, or corrections. */
export interface GateProblem {
  readonly check: 'gate';
  readonly submissionId: number | null;
  readonly message: string;
}

const HeldSchema = z.object({ heldId: z.number().int(), sourceSha256: z.string() });
const ApprovedSchema = z.object({
  heldId: z.number().int(),
  submissionId: z.number().int(),
  sourceSha256: z.string(),
});
const RejectedSchema = z.object({ heldId: z.number().int(), reason: z.string().min(1) });
const CorrectionSchema = z.object({ submissionId: z.number().int(), reason: z.string().min(1) });
const AcceptedSchema = z.object({ submissionId: z.number().int(), sourceSha256: z.string() });

/**
 * Checks the reconciliation gate's records: each held update is kept with the bytes its record
 * signed; each approval or rejection decides a held update exactly once, an approval directly
 * after the `submission-accepted` record of those same bytes; each correction directly follows
 * the submission it explains and gives a reason; and the database's held rows agree.
 */
export async function verifyGateRecords(
  store: Store,
  electionId: string,
  ledger: readonly LedgerRecord[],
): Promise<GateProblem[]> {
  const problems: GateProblem[] = [];
  const problem = (message: string, submissionId: number | null = null): void => {
    problems.push({ check: 'gate', submissionId, message });
  };
  const rows = new Map(
    (
      await store.database
        .selectFrom('held_submissions')
        .selectAll()
        .where('election_id', '=', electionId)
        .execute()
    ).map((row) => [row.id, row]),
  );
  const decided = new Map<number, 'approved' | 'rejected' | 'held'>();
  for (const [index, record] of ledger.entries()) {
    const previous = ledger[index - 1];
    const accepted =
      previous?.kind === 'submission-accepted'
        ? AcceptedSchema.safeParse(previous.payload).data
        : undefined;
    const at = `ledger record ${record.sequence} (${record.kind})`;
    if (record.kind === 'submission-held') {
      const payload = HeldSchema.safeParse(record.payload).data;
      if (payload === undefined) {
        problem(`${at} lacks the held update's id and hash`);
        continue;
      }
      const row = rows.get(payload.heldId);
      decided.set(payload.heldId, 'held');
      if (row === undefined) {
        problem(`${at}: held update ${payload.heldId} is missing from the database`);
        continue;
      }
      const kept = createHash('sha256').update(gunzipSync(row.source)).digest('hex');
      if (row.source_sha256 !== payload.sourceSha256 || kept !== payload.sourceSha256)
        problem(`${at}: the kept bytes of held update ${payload.heldId} are not what was signed`);
    } else if (record.kind === 'held-approved' || record.kind === 'held-rejected') {
      const payload =
        record.kind === 'held-approved'
          ? ApprovedSchema.safeParse(record.payload).data
          : RejectedSchema.safeParse(record.payload).data;
      if (payload === undefined) {
        problem(`${at} lacks the fields of its kind`);
        continue;
      }
      const state = decided.get(payload.heldId);
      if (state !== 'held') {
        problem(
          `${at} decides held update ${payload.heldId}, which is ${state === undefined ? 'not held before it' : `already ${state}`}`,
        );
        continue;
      }
      const status = record.kind === 'held-approved' ? 'approved' : 'rejected';
      decided.set(payload.heldId, status);
      if (rows.get(payload.heldId)?.status !== status)
        problem(`${at}: the database does not show held update ${payload.heldId} as ${status}`);
      if ('submissionId' in payload) {
        if (
          accepted?.submissionId !== payload.submissionId ||
          accepted.sourceSha256 !== payload.sourceSha256
        )
          problem(
            `${at} does not directly follow the acceptance of the held bytes`,
            payload.submissionId,
          );
        else if (rows.get(payload.heldId)?.submission_id !== payload.submissionId)
          problem(
            `${at}: the database names another submission for held update ${payload.heldId}`,
            payload.submissionId,
          );
      }
    } else if (record.kind === 'correction') {
      const payload = CorrectionSchema.safeParse(record.payload).data;
      if (payload === undefined) {
        problem(`${at} lacks a submission id or a reason`);
        continue;
      }
      if (accepted?.submissionId !== payload.submissionId)
        problem(
          `${at} does not directly follow submission #${payload.submissionId}`,
          payload.submissionId,
        );
    }
  }
  for (const row of rows.values()) {
    const state = decided.get(row.id);
    if (state === undefined)
      problem(
        `held update ${row.id} (${row.source_name}) is in the database but not in the ledger`,
      );
    else if (state !== row.status)
      problem(`held update ${row.id} is ${row.status} in the database but ${state} in the ledger`);
  }
  return problems;
}

/**
 * Replays the gate for one accepted submission: if it lowered a count (or failed a holding
 * consistency check) against the totals rebuilt so far, the record after its acceptance must be
 * a correction or the approval of a held update.
 */
export function ungatedUpdate(options: {
  readonly before: ElectionTally;
  readonly definition: ElectionDefinition;
  readonly batches: readonly CountBatch[];
  readonly facts: readonly FactRecord[];
  readonly next: LedgerRecord | undefined;
  readonly submissionId: number;
}): GateProblem[] {
  const gate = new UpdateGate(options.before, options.definition);
  for (const batch of options.batches) gate.counts(batch);
  gate.facts(options.facts);
  const findings = gate.findings(1);
  const first = findings[0];
  if (first === undefined) return [];
  const kind = options.next?.kind;
  const about = options.next?.payload['submissionId'];
  if ((kind === 'correction' || kind === 'held-approved') && about === options.submissionId)
    return [];
  return [
    {
      check: 'gate',
      submissionId: options.submissionId,
      message: `submission #${options.submissionId} went past the gate without a correction or an approval: ${first.message}`,
    },
  ];
}
