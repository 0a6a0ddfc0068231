import type { Kysely, Selectable, Transaction } from 'kysely';
import {
  canonicalJson,
  GENESIS_HASH,
  LedgerRecordSchema,
  recordHash,
  type LedgerRecord,
  ElectionDefinitionSchema,
  type CountBatch,
  type ElectionDefinition,
  type FactRecord,
  type SubmissionSink,
} from '@canvass/core';
import { createHash } from 'node:crypto';
import { ContentHasher } from '../ledger/content-hasher.ts';
import { assertElectionState } from './election-state.ts';
import { compressDefinition, definitionText } from './definition-body.ts';
import type { LedgerSigner } from '../ledger/signing-key.ts';
import { incompatibility } from './definition-compatibility.ts';
import { toElection, toSubmission } from './rows.ts';
import type { LedgerEntryRequest } from './ledger-annex.ts';
import type { DatabaseSchema, ElectionsTable, SubmissionsTable } from './schema.ts';
import type {
  DefineOutcome,
  ElectionRecord,
  Store,
  SubmissionProducer,
  SubmissionRecord,
  SubmissionRequest,
  WriteOutcome,
} from './store.ts';
import { WriteLock } from './write-lock.ts';

/** A sink that also flushes what it buffered before the transaction commits. */
export interface CountWriter extends SubmissionSink {
  flush(): void | Promise<void>;
}

/**
 * The store logic both engines share, in Kysely queries. Engines supply the bulk paths (writing
 * and reading counts) and how a write transaction takes its lock.
 */
export abstract class KyselyStore implements Store {
  abstract readonly dialect: 'sqlite' | 'postgres';
  protected readonly db: Kysely<DatabaseSchema>;
  readonly #signer: LedgerSigner;
  readonly #lock = new WriteLock();
  readonly #definitions = new Map<string, ElectionDefinition>();
  /** Definitions read from the store, by object: their hash is known and they are stored. */
  readonly #hashes = new WeakMap<ElectionDefinition, string>();

  protected constructor(db: Kysely<DatabaseSchema>, signer: LedgerSigner) {
    this.db = db;
    this.#signer = signer;
  }

  get publicKeyPem(): string {
    return this.#signer.publicKeyPem;
  }

  /** The query builder, for components that keep their own tables (accounts, ledger). */
  get database(): Kysely<DatabaseSchema> {
    return this.db;
  }

  /** Takes the engine's write lock for an election inside `trx`, before anything is read. */
  protected abstract lockForWrite(
    trx: Transaction<DatabaseSchema>,
    electionId: string,
  ): Promise<void>;
  /** Reserves the id of the next submission inside `trx`. */
  protected abstract nextSubmissionId(trx: Transaction<DatabaseSchema>): Promise<number>;
  /** A sink that appends counts for one submission inside `trx`. */
  protected abstract countWriter(
    trx: Transaction<DatabaseSchema>,
    submissionId: number,
  ): CountWriter;
  abstract readSubmission(
    submissionId: number,
    onCounts: (batch: CountBatch) => void,
    onFacts: (facts: readonly FactRecord[]) => void,
  ): Promise<void>;
  abstract close(): Promise<void>;

  async listElections(): Promise<ElectionRecord[]> {
    const rows = await this.db
      .selectFrom('elections')
      .selectAll()
      .orderBy('date')
      .orderBy('id')
      .execute();
    return rows.map(toElection);
  }

  async getElection(id: string): Promise<ElectionRecord | null> {
    const row = await this.db
      .selectFrom('elections')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? null : toElection(row);
  }

  async getDefinition(hash: string): Promise<ElectionDefinition | null> {
    const cached = this.#definitions.get(hash);
    if (cached !== undefined) return cached;
    const row = await this.db
      .selectFrom('definitions')
      .select(['body', 'body_gzip'])
      .where('hash', '=', hash)
      .executeTakeFirst();
    if (row === undefined) return null;
    const definition = ElectionDefinitionSchema.parse(JSON.parse(definitionText(row)));
    this.#definitions.set(hash, definition);
    this.#hashes.set(definition, hash);
    return definition;
  }

  async listSubmissions(electionId: string): Promise<SubmissionRecord[]> {
    const rows = await this.db
      .selectFrom('submissions')
      .selectAll()
      .where('election_id', '=', electionId)
      .orderBy('id')
      .execute();
    return rows.map(toSubmission);
  }

  writeSubmission(request: SubmissionRequest, produce: SubmissionProducer): Promise<WriteOutcome> {
    return this.#lock.run(async () => {
      try {
        return await this.db.transaction().execute(async (trx) => {
          await this.lockForWrite(trx, request.electionId);
          if (request.expectedState !== undefined)
            await assertElectionState(trx, request.electionId, request.expectedState);
          const outcome = await this.#writeInTransaction(trx, request, produce);
          // Anything but acceptance leaves the store exactly as it was.
          if (outcome.status !== 'accepted') throw new Rollback(outcome);
          return outcome;
        });
      } catch (error) {
        if (error instanceof Rollback) return error.outcome;
        throw error;
      }
    });
  }

  async #writeInTransaction(
    trx: Transaction<DatabaseSchema>,
    request: SubmissionRequest,
    produce: SubmissionProducer,
  ): Promise<WriteOutcome> {
    const id = await this.nextSubmissionId(trx);
    const writer = this.countWriter(trx, id);
    const hasher = new ContentHasher(writer);
    const source = new SourceWriter(trx, id);
    const produced = await produce(hasher, (chunk) => source.write(chunk));
    await writer.flush();
    if (produced.errorCount > 0)
      return { status: 'rejected', errors: produced.errors, errorCount: produced.errorCount };

    const existing = await trx
      .selectFrom('submissions')
      .selectAll()
      .where('election_id', '=', request.electionId)
      .where('source_sha256', '=', produced.sha256)
      .executeTakeFirst();
    if (existing !== undefined) return { status: 'duplicate', existing: toSubmission(existing) };

    const now = new Date().toISOString();
    const stored = this.#serialized(produced.definition);
    const hash = stored.hash;
    const before = await trx
      .selectFrom('elections')
      .select('definition_hash')
      .where('id', '=', request.electionId)
      .executeTakeFirst();
    const election = await this.#ensureElection(
      trx,
      request.electionId,
      produced.definition,
      stored,
      now,
    );
    if (before?.definition_hash !== hash) {
      await this.#appendLedger(
        trx,
        request.electionId,
        'election-defined',
        request.submittedBy,
        now,
        definitionPayload(produced.definition, hash),
      );
    }
    const submission: Selectable<SubmissionsTable> = {
      id,
      election_id: request.electionId,
      definition_hash: hash,
      format: request.format,
      source_name: request.sourceName,
      source_sha256: produced.sha256,
      byte_size: produced.byteSize,
      submitted_by: request.submittedBy,
      submitted_at: now,
      options: JSON.stringify(request.options),
      rows: produced.rows,
      counts: produced.counts,
      warnings: JSON.stringify(produced.warnings),
    };
    await trx.insertInto('submissions').values(submission).execute();
    const version = election.version + 1;
    await this.#appendLedger(
      trx,
      request.electionId,
      'submission-accepted',
      request.submittedBy,
      now,
      {
        submissionId: id,
        version,
        format: request.format,
        sourceName: request.sourceName,
        sourceSha256: produced.sha256,
        byteSize: produced.byteSize,
        options: request.options,
        definitionHash: hash,
        rows: produced.rows,
        counts: produced.counts,
        contentSha256: hasher.digest(),
      },
    );
    if (request.annex !== undefined) {
      const annexPayload = await request.annex.write(trx, toSubmission(submission));
      await this.#appendLedger(
        trx,
        request.electionId,
        request.annex.kind,
        request.annex.actor,
        now,
        annexPayload,
      );
    }
    await trx
      .updateTable('elections')
      .set({ version, definition_hash: hash })
      .where('id', '=', request.electionId)
      .execute();
    return {
      status: 'accepted',
      submission: toSubmission(submission),
      election: toElection({ ...election, version, definition_hash: hash }),
    };
  }

  async #ensureElection(
    trx: Transaction<DatabaseSchema>,
    electionId: string,
    definition: ElectionDefinition,
    stored: SerializedDefinition,
    now: string,
  ): Promise<Selectable<ElectionsTable>> {
    const hash = stored.hash;
    let election = await trx
      .selectFrom('elections')
      .selectAll()
      .where('id', '=', electionId)
      .executeTakeFirst();
    if (election === undefined) {
      election = {
        id: electionId,
        name: definition.name,
        date: definition.date,
        state: definition.state,
        type: definition.type,
        definition_hash: hash,
        version: 0,
        created_at: now,
      };
      await trx.insertInto('elections').values(election).execute();
    }
    if (stored.gzip !== null) {
      await trx
        .insertInto('definitions')
        .values({
          hash,
          election_id: electionId,
          body: null,
          body_gzip: stored.gzip,
          created_at: now,
        })
        .onConflict((conflict) => conflict.column('hash').doNothing())
        .execute();
    }
    return election;
  }

  defineElection(definition: ElectionDefinition, actor = 'system'): Promise<DefineOutcome> {
    return this.#lock.run(() =>
      this.db.transaction().execute(async (trx): Promise<DefineOutcome> => {
        await this.lockForWrite(trx, definition.id);
        const stored = this.#serialized(definition);
        const hash = stored.hash;
        const now = new Date().toISOString();
        const existing = await trx
          .selectFrom('elections')
          .selectAll()
          .where('id', '=', definition.id)
          .executeTakeFirst();
        if (existing === undefined) {
          const election = await this.#ensureElection(trx, definition.id, definition, stored, now);
          await this.#appendLedger(
            trx,
            definition.id,
            'election-defined',
            actor,
            now,
            definitionPayload(definition, hash),
          );
          return { status: 'created', election: toElection(election) };
        }
        if (existing.definition_hash === hash)
          return { status: 'unchanged', election: toElection(existing) };
        const current = await this.getDefinition(existing.definition_hash);
        const reason =
          current === null
            ? 'the current definition is missing'
            : incompatibility(current, definition);
        if (reason !== null) return { status: 'conflict', reason };
        await trx
          .insertInto('definitions')
          .values({
            hash,
            election_id: definition.id,
            body: null,
            body_gzip: stored.gzip ?? compressDefinition(definition).gzip,
            created_at: now,
          })
          .onConflict((conflict) => conflict.column('hash').doNothing())
          .execute();
        await trx
          .updateTable('elections')
          .set({ definition_hash: hash })
          .where('id', '=', definition.id)
          .execute();
        return { status: 'updated', election: toElection({ ...existing, definition_hash: hash }) };
      }),
    );
  }

  /**
   * A definition's hash, and its compressed canonical JSON when it may not be stored yet. A
   * national definition is about 200 MB of JSON: it is serialised once, and not at all when it
   * came from the store (every submission validated against the current definition).
   */
  #serialized(definition: ElectionDefinition): SerializedDefinition {
    const known = this.#hashes.get(definition);
    if (known !== undefined) return { hash: known, gzip: null };
    return compressDefinition(definition);
  }

  async listLedger(electionId: string): Promise<LedgerRecord[]> {
    const rows = await this.db
      .selectFrom('ledger')
      .selectAll()
      .where('election_id', '=', electionId)
      .orderBy('sequence')
      .execute();
    return rows.map((row) =>
      LedgerRecordSchema.parse({
        sequence: row.sequence,
        electionId: row.election_id,
        kind: row.kind,
        actor: row.actor,
        at: row.at,
        payload: JSON.parse(row.payload) as unknown,
        previousHash: row.previous_hash,
        hash: row.hash,
        signature: row.signature,
      }),
    );
  }

  async *readSource(submissionId: number): AsyncIterable<Uint8Array> {
    for (let chunk = 0; ; chunk++) {
      const row = await this.db
        .selectFrom('sources')
        .select('bytes')
        .where('submission_id', '=', submissionId)
        .where('chunk', '=', chunk)
        .executeTakeFirst();
      if (row === undefined) return;
      yield row.bytes;
    }
  }

  appendRecord(request: LedgerEntryRequest): Promise<LedgerRecord> {
    return this.#lock.run(() =>
      this.db.transaction().execute(async (trx) => {
        await this.lockForWrite(trx, request.electionId);
        if (request.expectedState !== undefined)
          await assertElectionState(trx, request.electionId, request.expectedState);
        const payload = await request.write(trx);
        return this.#appendLedger(
          trx,
          request.electionId,
          request.kind,
          request.actor,
          new Date().toISOString(),
          payload,
        );
      }),
    );
  }

  /** Appends one signed record to an election's chain, inside the transaction that does the thing. */
  async #appendLedger(
    trx: Transaction<DatabaseSchema>,
    electionId: string,
    kind: LedgerRecord['kind'],
    actor: string,
    at: string,
    payload: Record<string, unknown>,
  ): Promise<LedgerRecord> {
    const last = await trx
      .selectFrom('ledger')
      .select(['sequence', 'hash'])
      .where('election_id', '=', electionId)
      .orderBy('sequence', 'desc')
      .limit(1)
      .executeTakeFirst();
    const unsigned = {
      sequence: last === undefined ? 1 : last.sequence + 1,
      electionId,
      kind,
      actor,
      at,
      payload,
      previousHash: last?.hash ?? GENESIS_HASH,
    };
    const hash = recordHash(unsigned, sha256);
    const signature = this.#signer.sign(hash);
    await trx
      .insertInto('ledger')
      .values({
        election_id: electionId,
        sequence: unsigned.sequence,
        kind,
        actor,
        at,
        payload: canonicalJson(payload),
        previous_hash: unsigned.previousHash,
        hash,
        signature,
      })
      .execute();
    return { ...unsigned, hash, signature };
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function definitionPayload(definition: ElectionDefinition, hash: string): Record<string, unknown> {
  return {
    definitionHash: hash,
    units: definition.units.length,
    contests: definition.contests.length,
  };
}

/** Keeps a submission's source bytes, one gzip member per row. */
class SourceWriter {
  readonly #trx: Transaction<DatabaseSchema>;
  readonly #submissionId: number;
  #chunk = 0;

  constructor(trx: Transaction<DatabaseSchema>, submissionId: number) {
    this.#trx = trx;
    this.#submissionId = submissionId;
  }

  async write(gzipMember: Uint8Array): Promise<void> {
    await this.#trx
      .insertInto('sources')
      .values({ submission_id: this.#submissionId, chunk: this.#chunk++, bytes: gzipMember })
      .execute();
  }
}

/** A definition's hash, with its compressed canonical JSON unless the store already has it. */
interface SerializedDefinition {
  readonly hash: string;
  readonly gzip: Uint8Array | null;
}

/** Carries a non-accepting outcome out of a transaction so that Kysely rolls it back. */
class Rollback extends Error {
  readonly outcome: WriteOutcome;

  constructor(outcome: WriteOutcome) {
    super('rollback');
    this.outcome = outcome;
  }
}
