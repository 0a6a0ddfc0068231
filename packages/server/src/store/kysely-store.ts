import type { Kysely, Selectable, Transaction } from 'kysely';
import {
  definitionHash,
  ElectionDefinitionSchema,
  type CountBatch,
  type ElectionDefinition,
  type FactRecord,
  type SubmissionSink,
} from '@canvass/core';
import { incompatibility } from './definition-compatibility.ts';
import { toElection, toSubmission } from './rows.ts';
import type { DatabaseSchema, ElectionsTable, SubmissionsTable } from './schema.ts';
import type {
  DefineOutcome,
  ElectionRecord,
  ProducedSubmission,
  Store,
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
  readonly #lock = new WriteLock();
  readonly #definitions = new Map<string, ElectionDefinition>();

  protected constructor(db: Kysely<DatabaseSchema>) {
    this.db = db;
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
      .select('body')
      .where('hash', '=', hash)
      .executeTakeFirst();
    if (row === undefined) return null;
    const definition = ElectionDefinitionSchema.parse(JSON.parse(row.body));
    this.#definitions.set(hash, definition);
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

  writeSubmission(
    request: SubmissionRequest,
    produce: (sink: SubmissionSink) => Promise<ProducedSubmission>,
  ): Promise<WriteOutcome> {
    return this.#lock.run(async () => {
      try {
        return await this.db.transaction().execute(async (trx) => {
          await this.lockForWrite(trx, request.electionId);
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
    produce: (sink: SubmissionSink) => Promise<ProducedSubmission>,
  ): Promise<WriteOutcome> {
    const id = await this.nextSubmissionId(trx);
    const writer = this.countWriter(trx, id);
    const produced = await produce(writer);
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
    const hash = definitionHash(produced.definition);
    const election = await this.#ensureElection(
      trx,
      request.electionId,
      produced.definition,
      hash,
      now,
    );
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
    const version = Number(election.version) + 1;
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
    hash: string,
    now: string,
  ): Promise<Selectable<ElectionsTable>> {
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
    await trx
      .insertInto('definitions')
      .values({ hash, election_id: electionId, body: JSON.stringify(definition), created_at: now })
      .onConflict((conflict) => conflict.column('hash').doNothing())
      .execute();
    return election;
  }

  defineElection(definition: ElectionDefinition): Promise<DefineOutcome> {
    return this.#lock.run(() =>
      this.db.transaction().execute(async (trx): Promise<DefineOutcome> => {
        await this.lockForWrite(trx, definition.id);
        const hash = definitionHash(definition);
        const now = new Date().toISOString();
        const existing = await trx
          .selectFrom('elections')
          .selectAll()
          .where('id', '=', definition.id)
          .executeTakeFirst();
        if (existing === undefined) {
          const election = await this.#ensureElection(trx, definition.id, definition, hash, now);
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
            body: JSON.stringify(definition),
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
}

/** Carries a non-accepting outcome out of a transaction so that Kysely rolls it back. */
class Rollback extends Error {
  readonly outcome: WriteOutcome;

  constructor(outcome: WriteOutcome) {
    super('rollback');
    this.outcome = outcome;
  }
}
