import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import type { LedgerRecord, SubmissionFormat, UnitVotes } from '@canvass/core';
import type { Store } from '../store/store.ts';
import { enqueueEvent, wakeDispatchers } from '../webhooks/outbox.ts';
import type { RecountTables } from './recount-tables.ts';

/** A recorded recount, as listed. */
export interface RecountRecord {
  readonly id: number;
  readonly electionId: string;
  readonly contestId: string;
  readonly definitionHash: string;
  readonly format: string;
  readonly sourceName: string;
  readonly sourceSha256: string;
  readonly byteSize: number;
  readonly submittedBy: string;
  readonly submittedAt: string;
  /** Units the recount counted. */
  readonly units: number;
}

/** What {@link recordRecount} stores. */
export interface NewRecount {
  readonly electionId: string;
  readonly contestId: string;
  readonly definitionHash: string;
  /** Choice ids of the contest, in order: the columns of `unitVotes`. */
  readonly choiceIds: readonly string[];
  readonly format: SubmissionFormat;
  readonly sourceName: string;
  readonly bytes: Uint8Array;
  readonly submittedBy: string;
  readonly unitVotes: UnitVotes;
}

/** A recount's outcome: recorded, or the same bytes already recorded for this contest. */
export type RecordRecountOutcome =
  | { readonly status: 'recorded'; readonly recount: RecountRecord; readonly ledger: LedgerRecord }
  | { readonly status: 'duplicate'; readonly existing: RecountRecord };

interface Row {
  id: number;
  election_id: string;
  contest_id: string;
  definition_hash: string;
  format: string;
  source_name: string;
  source_sha256: string;
  byte_size: number;
  submitted_by: string;
  submitted_at: string;
  units: number;
}

const COLUMNS = [
  'id',
  'election_id',
  'contest_id',
  'definition_hash',
  'format',
  'source_name',
  'source_sha256',
  'byte_size',
  'submitted_by',
  'submitted_at',
  'units',
] as const;

function toRecord(row: Row): RecountRecord {
  return {
    id: row.id,
    electionId: row.election_id,
    contestId: row.contest_id,
    definitionHash: row.definition_hash,
    format: row.format,
    sourceName: row.source_name,
    sourceSha256: row.source_sha256,
    byteSize: row.byte_size,
    submittedBy: row.submitted_by,
    submittedAt: row.submitted_at,
    units: row.units,
  };
}

const tables = (store: Store) => store.database.withTables<RecountTables>();

/**
 * Records a recount beside the original count, in one transaction with its `recount` ledger
 * record: the source bytes (gzip), the counts per unit and choice, and a record naming the
 * contest, the file's SHA-256 and how many units it counted; a `recount.status` partner event is
 * queued with it. Nothing of the original changes.
 * @example await recordRecount(store, { electionId, contestId, ..., unitVotes })
 */
export async function recordRecount(
  store: Store,
  recount: NewRecount,
): Promise<RecordRecountOutcome> {
  const sha256 = createHash('sha256').update(recount.bytes).digest('hex');
  const existing = await tables(store)
    .selectFrom('recounts')
    .select(COLUMNS)
    .where('election_id', '=', recount.electionId)
    .where('contest_id', '=', recount.contestId)
    .where('source_sha256', '=', sha256)
    .executeTakeFirst();
  if (existing !== undefined) return { status: 'duplicate', existing: toRecord(existing) };
  // Set inside the transaction, read after it commits.
  const kept: { recount: RecountRecord | null } = { recount: null };
  const ledger = await store.appendRecord({
    electionId: recount.electionId,
    kind: 'recount',
    actor: recount.submittedBy,
    write: async (trx) => {
      const db = trx.withTables<RecountTables>();
      const submittedAt = new Date().toISOString();
      const row = await db
        .insertInto('recounts')
        .values({
          election_id: recount.electionId,
          contest_id: recount.contestId,
          definition_hash: recount.definitionHash,
          format: recount.format,
          source_name: recount.sourceName,
          source_sha256: sha256,
          byte_size: recount.bytes.byteLength,
          source_gzip: gzipSync(recount.bytes),
          submitted_by: recount.submittedBy,
          submitted_at: submittedAt,
          units: recount.unitVotes.size,
        })
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
      const stored = toRecord(row);
      kept.recount = stored;
      const values = [...recount.unitVotes].flatMap(([unitId, votes]) =>
        votes.map((count, index) => ({
          recount_id: stored.id,
          unit_id: unitId,
          choice_id: recount.choiceIds[index] ?? String(index),
          votes: count,
        })),
      );
      // Bounded batches keep under SQLite's limit on bound parameters.
      for (let at = 0; at < values.length; at += 500)
        await db
          .insertInto('recount_counts')
          .values(values.slice(at, at + 500))
          .execute();
      const totals = recount.choiceIds.map((id, index) => ({
        choiceId: id,
        votes: [...recount.unitVotes.values()].reduce((sum, votes) => sum + (votes[index] ?? 0), 0),
      }));
      // Partners hear of it in the same transaction: no event without the recount, nor the reverse.
      await enqueueEvent(trx, {
        type: 'recount.status',
        electionId: recount.electionId,
        data: {
          status: 'recorded',
          recountId: stored.id,
          contestId: recount.contestId,
          units: stored.units,
          sourceSha256: sha256,
        },
        dedupeKey: `recount:${recount.electionId}:${String(stored.id)}`,
      });
      return {
        recountId: stored.id,
        contestId: recount.contestId,
        definitionHash: recount.definitionHash,
        format: recount.format,
        sourceName: recount.sourceName,
        sourceSha256: sha256,
        byteSize: recount.bytes.byteLength,
        units: recount.unitVotes.size,
        totals,
      };
    },
  });
  if (kept.recount === null) throw new Error('the recount was not stored');
  wakeDispatchers(store.database);
  return { status: 'recorded', recount: kept.recount, ledger };
}

/** Every recount of an election (or of one contest), oldest first. */
export async function listRecounts(
  store: Store,
  electionId: string,
  contestId?: string,
): Promise<RecountRecord[]> {
  let query = tables(store)
    .selectFrom('recounts')
    .select(COLUMNS)
    .where('election_id', '=', electionId);
  if (contestId !== undefined) query = query.where('contest_id', '=', contestId);
  const rows = await query.orderBy('id').execute();
  return rows.map(toRecord);
}

/** One recount and its counts per unit (columns in the order `choiceIdsOf` gives), or null. */
export async function readRecount(
  store: Store,
  recountId: number,
  choiceIdsOf: (recount: RecountRecord) => readonly string[],
): Promise<{ recount: RecountRecord; unitVotes: UnitVotes } | null> {
  const row = await tables(store)
    .selectFrom('recounts')
    .select(COLUMNS)
    .where('id', '=', recountId)
    .executeTakeFirst();
  if (row === undefined) return null;
  const recount = toRecord(row);
  const choiceIds = choiceIdsOf(recount);
  const counts = await tables(store)
    .selectFrom('recount_counts')
    .select(['unit_id', 'choice_id', 'votes'])
    .where('recount_id', '=', recountId)
    .execute();
  const column = new Map(choiceIds.map((id, index) => [id, index]));
  const unitVotes = new Map<string, number[]>();
  for (const count of counts) {
    const index = column.get(count.choice_id);
    if (index === undefined)
      throw new Error(`recount ${String(recountId)} names choice ${count.choice_id}`);
    let votes = unitVotes.get(count.unit_id);
    if (votes === undefined) {
      votes = choiceIds.map(() => 0);
      unitVotes.set(count.unit_id, votes);
    }
    votes[index] = Number(count.votes);
  }
  return { recount, unitVotes };
}
