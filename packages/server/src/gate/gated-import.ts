import { createHash } from 'node:crypto';
import {
  decodeUtf8,
  importOpenElections,
  UpdateGate,
  type GateFinding,
  type SubmissionSink,
} from '@canvass/core';
import { CountyScope } from '../ingest/county-scope.ts';
import { importStream, type ImportOutcome, type ImportPolicy } from '../ingest/import-stream.ts';
import type { LiveResults } from '../live/live-results.ts';
import { StaleElectionStateError, type ElectionState } from '../store/election-state.ts';
import type { Store } from '../store/store.ts';
import { holdSubmission, type HeldSubmission } from './held-store.ts';

/** A submission that goes through the reconciliation gate. */
export interface GatedImportRequest {
  readonly store: Store;
  /** The current counts the update is compared with. */
  readonly live: LiveResults;
  readonly bytes: Uint8Array;
  readonly sourceName: string;
  readonly electionId: string;
  readonly submittedBy: string;
  readonly policy: ImportPolicy;
  readonly allowedCounties: ReadonlySet<string> | null;
  /** The reason, when the submitter sends the update as a correction; null otherwise. */
  readonly correction: string | null;
}

/** What happened: stored, rejected, a duplicate, or held for a second approver. */
export type GatedOutcome =
  | ImportOutcome
  | {
      readonly status: 'held';
      readonly electionId: string;
      readonly held: HeldSubmission;
    };

/**
 * Imports one submission through the reconciliation gate. When the update would lower a count
 * already reported, or fails a consistency check, it is held (kept, with a `submission-held`
 * ledger record) for a state administrator to approve or reject, unless it was sent as a
 * correction with a reason: then it is stored with a `correction` record beside its
 * `submission-accepted` record. Invalid, out-of-scope and duplicate submissions are answered
 * exactly as without the gate, and nothing of them is kept.
 */
export async function gatedImport(request: GatedImportRequest): Promise<GatedOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await gatedImportAt(request);
    } catch (error) {
      // Another submission (perhaps on another node) was accepted between the gate's look at
      // the counts and the write's lock: catch up and decide again against the new counts.
      if (!(error instanceof StaleElectionStateError) || attempt >= MAX_ATTEMPTS) throw error;
      await request.live.catchUp(request.electionId);
    }
  }
}

/** How many times a submission is re-gated when the election keeps moving under it. */
const MAX_ATTEMPTS = 20;

/**
 * One attempt: the gate compares the update with this node's counts at one version, and the
 * write (or the hold) commits only if the election is still at that version once it holds the
 * election's write lock, so two updates racing on two nodes cannot both pass a gate that only
 * one of them would pass after the other.
 */
async function gatedImportAt(request: GatedImportRequest): Promise<GatedOutcome> {
  const snapshot = request.live.election(request.electionId);
  const expectedState: ElectionState = {
    version: snapshot?.version ?? 0,
    definitionHash: snapshot?.definitionHash ?? null,
  };
  const findings = await gateFindings(request);
  if (findings !== null && findings.length > 0 && request.correction === null) {
    const sourceSha256 = createHash('sha256').update(request.bytes).digest('hex');
    const already = await request.store.database
      .selectFrom('submissions')
      .select('id')
      .where('election_id', '=', request.electionId)
      .where('source_sha256', '=', sourceSha256)
      .executeTakeFirst();
    // The same bytes already accepted: the import below answers "duplicate".
    if (already === undefined) {
      const held = await holdSubmission(request.store, {
        electionId: request.electionId,
        format: 'openelections',
        sourceName: request.sourceName,
        sourceSha256,
        bytes: request.bytes,
        options: { ...request.policy },
        submittedBy: request.submittedBy,
        reasons: findings,
        expectedState,
      });
      return { status: 'held', electionId: request.electionId, held };
    }
  }
  const reason = request.correction;
  return importStream({
    store: request.store,
    source: { kind: 'bytes', bytes: once(request.bytes) },
    sourceName: request.sourceName,
    electionId: request.electionId,
    submittedBy: request.submittedBy,
    policy: request.policy,
    allowedCounties: request.allowedCounties,
    expectedState,
    ...(reason === null
      ? {}
      : {
          annex: {
            kind: 'correction' as const,
            actor: request.submittedBy,
            write: (_trx, submission) =>
              Promise.resolve({
                submissionId: submission.id,
                sourceSha256: submission.sourceSha256,
                reason,
                findings: (findings ?? []).map((finding) => ({ ...finding })),
              }),
          },
        }),
  });
}

/**
 * Parses the submission against the election's current definition and compares it with the
 * current counts. Null when the gate does not apply: a new election, or a submission the import
 * will reject anyway (invalid rows, counties outside the submitter's scope).
 */
async function gateFindings(request: GatedImportRequest): Promise<GateFinding[] | null> {
  const current = request.live.election(request.electionId)?.tally;
  const election = await request.store.getElection(request.electionId);
  if (current === undefined || election === null) return null;
  const definition = await request.store.getDefinition(election.definitionHash);
  if (definition === null) return null;
  const gate = new UpdateGate(current, definition);
  const gateSink: SubmissionSink = {
    counts: (batch) => {
      gate.counts(batch);
    },
    facts: (records) => {
      gate.facts(records);
    },
  };
  const scope =
    request.allowedCounties === null
      ? null
      : new CountyScope(gateSink, definition, request.allowedCounties);
  const result = await importOpenElections(
    decodeUtf8(once(request.bytes), request.sourceName),
    {
      file: request.sourceName,
      definition,
      election: {
        id: definition.id,
        name: definition.name,
        date: definition.date,
        state: definition.state,
        type: definition.type,
      },
      onDuplicate: request.policy.onDuplicate,
      onCountyTotal: request.policy.onCountyTotal,
    },
    scope ?? gateSink,
  );
  if (!result.ok) return null;
  if (scope !== null && scope.violations(request.sourceName, request.submittedBy).length > 0)
    return null;
  return gate.findings();
}

// eslint-disable-next-line @typescript-eslint/require-await -- an async iterable of one chunk
async function* once(chunk: Uint8Array): AsyncGenerator<Uint8Array> {
  yield chunk;
}
