import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import {
  contestResult,
  decodeUtf8,
  ElectionTally,
  slotsByCounty,
  verifyChain,
  type CountBatch,
  type ElectionDefinition,
  type FactRecord,
} from '@canvass/core';
import type { Store, SubmissionRecord } from '../store/store.ts';
import { decodeAscii } from '../ingest/decode-ascii.ts';
import { contentHash } from './content-hasher.ts';
import { reparseSource } from './reparse-source.ts';
import { signatureChecker } from './signing-key.ts';
import { ungatedUpdate, verifyGateRecords } from './verify-gate.ts';

/** One thing verification found wrong. */
export interface VerifyProblem {
  readonly check:
    'chain' | 'submission-record' | 'source' | 'stored-counts' | 'reparse' | 'totals' | 'gate';
  readonly submissionId: number | null;
  readonly message: string;
}

/** What `canvass verify` reports for one election. */
export interface VerifyReport {
  readonly electionId: string;
  readonly ledgerRecords: number;
  readonly submissions: number;
  readonly contestsCompared: number;
  readonly problems: readonly VerifyProblem[];
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * Verifies an election from its ledger: every record's hash, chain link and signature; every
 * accepted submission's kept source against the signed source hash; its stored counts against the
 * signed content hash; a fresh parse of the source against the same hash; and every current total
 * rebuilt from the ledger's sources alone against the totals the stored counts give.
 * @example const report = await verifyElection(store, '2017-12-12-al-special-general');
 */
export async function verifyElection(
  store: Store,
  electionId: string,
  publicKeyPem = store.publicKeyPem,
): Promise<VerifyReport> {
  const problems: VerifyProblem[] = [];
  const ledger = await store.listLedger(electionId);
  for (const problem of verifyChain(ledger, sha256, signatureChecker(publicKeyPem))) {
    problems.push({ check: 'chain', submissionId: null, message: problem.message });
  }
  problems.push(...(await verifyGateRecords(store, electionId, ledger)));
  const submissions = new Map(
    (await store.listSubmissions(electionId)).map((submission) => [submission.id, submission]),
  );
  const election = await store.getElection(electionId);
  const current = election === null ? null : await store.getDefinition(election.definitionHash);
  if (current === null) {
    problems.push({
      check: 'submission-record',
      submissionId: null,
      message: `election ${electionId} or its definition is missing`,
    });
    return {
      electionId,
      ledgerRecords: ledger.length,
      submissions: submissions.size,
      contestsCompared: 0,
      problems,
    };
  }
  const fromLedger = new ElectionTally(current);
  const fromDatabase = new ElectionTally(current);
  const recorded = new Set<number>();
  for (const [index, record] of ledger.entries()) {
    if (record.kind !== 'submission-accepted') continue;
    const parsed = SubmissionPayloadSchema.safeParse(record.payload);
    if (!parsed.success) {
      problems.push({
        check: 'chain',
        submissionId: null,
        message: `ledger record ${record.sequence} does not have the fields of an accepted submission`,
      });
      continue;
    }
    const payload = parsed.data;
    recorded.add(payload.submissionId);
    const submission = submissions.get(payload.submissionId);
    if (submission === undefined) {
      problems.push({
        check: 'submission-record',
        submissionId: payload.submissionId,
        message: `submission #${payload.submissionId} is in the ledger but missing from the database`,
      });
      continue;
    }
    problems.push(...compareRecord(submission, payload));
    const definition = await store.getDefinition(payload.definitionHash);
    if (definition === null) {
      problems.push({
        check: 'submission-record',
        submissionId: submission.id,
        message: `definition ${payload.definitionHash} of submission #${submission.id} is missing`,
      });
      continue;
    }
    const stored = await readStored(store, submission.id);
    if (contentHash(stored.batches, stored.facts) !== payload.contentSha256) {
      problems.push({
        check: 'stored-counts',
        submissionId: submission.id,
        message: `the stored counts of submission #${submission.id} (${submission.sourceName}) are not what the ledger signed: they were changed after acceptance`,
      });
    }
    apply(fromDatabase, definition, stored.batches, stored.facts);
    const reparsed = await reparse(store, submission, definition, payload, problems);
    if (reparsed !== null) {
      problems.push(
        ...ungatedUpdate({
          before: fromLedger,
          definition,
          ...reparsed,
          next: ledger[index + 1],
          submissionId: submission.id,
        }),
      );
      apply(fromLedger, definition, reparsed.batches, reparsed.facts);
    }
  }
  for (const submission of submissions.values()) {
    if (!recorded.has(submission.id)) {
      problems.push({
        check: 'submission-record',
        submissionId: submission.id,
        message: `submission #${submission.id} (${submission.sourceName}) is in the database but not in the ledger`,
      });
    }
  }
  problems.push(...compareTotals(fromLedger, fromDatabase));
  return {
    electionId,
    ledgerRecords: ledger.length,
    submissions: submissions.size,
    contestsCompared: current.contests.length,
    problems,
  };
}

const SubmissionPayloadSchema = z.object({
  submissionId: z.number().int(),
  sourceSha256: z.string(),
  contentSha256: z.string(),
  definitionHash: z.string(),
  counts: z.number().int(),
  rows: z.number().int(),
  options: z.object({
    onDuplicate: z.enum(['error', 'sum', 'first']).optional(),
    onCountyTotal: z.enum(['error', 'skip']).optional(),
  }),
});

/** What a `submission-accepted` record attests. */
type SubmissionPayload = z.infer<typeof SubmissionPayloadSchema>;

function compareRecord(submission: SubmissionRecord, payload: SubmissionPayload): VerifyProblem[] {
  const differences = (
    [
      ['source hash', submission.sourceSha256, payload.sourceSha256],
      ['definition', submission.definitionHash, payload.definitionHash],
      ['counts', submission.counts, payload.counts],
      ['rows', submission.rows, payload.rows],
    ] as const
  ).filter(([, stored, signed]) => stored !== signed);
  return differences.map(([field, stored, signed]) => ({
    check: 'submission-record' as const,
    submissionId: submission.id,
    message: `submission #${submission.id}: ${field} is ${String(stored)} in the database but ${String(signed)} in the ledger`,
  }));
}

async function readStored(
  store: Store,
  submissionId: number,
): Promise<{ batches: CountBatch[]; facts: readonly FactRecord[] }> {
  const batches: CountBatch[] = [];
  let facts: readonly FactRecord[] = [];
  await store.readSubmission(
    submissionId,
    (batch) => batches.push(batch),
    (read) => {
      facts = read;
    },
  );
  return { batches, facts };
}

async function reparse(
  store: Store,
  submission: SubmissionRecord,
  definition: ElectionDefinition,
  payload: SubmissionPayload,
  problems: VerifyProblem[],
): Promise<{ batches: CountBatch[]; facts: FactRecord[] } | null> {
  const members: Uint8Array[] = [];
  for await (const member of store.readSource(submission.id)) members.push(member);
  const source = gunzipSync(Buffer.concat(members));
  if (createHash('sha256').update(source).digest('hex') !== payload.sourceSha256) {
    problems.push({
      check: 'source',
      submissionId: submission.id,
      message: `the kept source of submission #${submission.id} does not hash to the signed SHA-256`,
    });
    return null;
  }
  const batches: CountBatch[] = [];
  const facts: FactRecord[] = [];
  // eslint-disable-next-line @typescript-eslint/require-await -- a one-chunk async source
  async function* bytes(): AsyncGenerator<Uint8Array> {
    yield source;
  }
  const result = await reparseSource(
    submission.format,
    decodeUtf8(bytes(), submission.sourceName, decodeAscii),
    {
      file: submission.sourceName,
      definition,
      election: {
        id: definition.id,
        name: definition.name,
        date: definition.date,
        state: definition.state,
        type: definition.type,
      },
      onDuplicate: payload.options.onDuplicate ?? 'error',
      onCountyTotal: payload.options.onCountyTotal ?? 'error',
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
  if (!result.ok || contentHash(batches, facts) !== payload.contentSha256) {
    problems.push({
      check: 'reparse',
      submissionId: submission.id,
      message: `parsing the kept source of submission #${submission.id} again does not give the signed content`,
    });
    return null;
  }
  return { batches, facts };
}

function apply(
  tally: ElectionTally,
  definition: ElectionDefinition,
  batches: readonly CountBatch[],
  facts: readonly FactRecord[],
): void {
  const applier = tally.beginSubmission(definition);
  for (const batch of batches) applier.counts(batch);
  applier.facts(facts);
}

function compareTotals(fromLedger: ElectionTally, fromDatabase: ElectionTally): VerifyProblem[] {
  const problems: VerifyProblem[] = [];
  fromLedger.definition.contests.forEach((contest, index) => {
    const groups = slotsByCounty(fromLedger, index);
    const scopes = [
      { label: 'statewide', slots: null as readonly number[] | null },
      ...groups.map((group) => ({ label: group.unit?.name ?? '(no county)', slots: group.slots })),
    ];
    for (const scope of scopes) {
      const ledgerResult = contestResult(fromLedger, index, scope.slots);
      const databaseResult = contestResult(fromDatabase, index, scope.slots);
      ledgerResult.choices.forEach((choice, choiceIndex) => {
        const stored = databaseResult.choices[choiceIndex]?.votes ?? 0;
        if (stored !== choice.votes) {
          problems.push({
            check: 'totals',
            submissionId: null,
            message: `${contest.name} / ${choice.name} (${scope.label}): ${choice.votes.toLocaleString('en-US')} from the ledger, ${stored.toLocaleString('en-US')} from the database`,
          });
        }
      });
    }
  });
  return problems;
}
