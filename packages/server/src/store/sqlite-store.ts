import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type Selectable } from 'kysely';
import {
  createCountBatch,
  definitionHash,
  ElectionDefinitionSchema,
  type CountBatch,
  type ElectionDefinition,
  type FactRecord,
  type SubmissionSink,
  type UnitFact,
  type VoteType,
} from '@canvass/core';
import { migrationProvider } from './migrations.ts';
import type { DatabaseSchema, ElectionsTable, SubmissionsTable } from './schema.ts';
import { SqliteCountWriter } from './sqlite-count-writer.ts';
import { incompatibility } from './definition-compatibility.ts';
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

const READ_BATCH = 8192;

/**
 * Opens (creating and migrating if needed) the embedded SQLite store at `path`.
 * @example const store = await openSqliteStore('canvass.db');
 */
export async function openSqliteStore(path: string): Promise<SqliteStore> {
  const raw = new BetterSqlite3(path);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('busy_timeout = 5000');
  const db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: raw }) });
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  if (error !== undefined) throw error instanceof Error ? error : new Error(String(error));
  return new SqliteStore(raw, db);
}

/** The embedded store: one SQLite file, nothing else to run. */
export class SqliteStore implements Store {
  readonly dialect = 'sqlite' as const;
  readonly #raw: BetterSqlite3.Database;
  readonly #db: Kysely<DatabaseSchema>;
  readonly #lock = new WriteLock();
  readonly #definitions = new Map<string, ElectionDefinition>();

  constructor(raw: BetterSqlite3.Database, db: Kysely<DatabaseSchema>) {
    this.#raw = raw;
    this.#db = db;
  }

  async listElections(): Promise<ElectionRecord[]> {
    const rows = await this.#db.selectFrom('elections').selectAll().orderBy('date').orderBy('id').execute();
    return rows.map(toElection);
  }

  async getElection(id: string): Promise<ElectionRecord | null> {
    const row = await this.#db.selectFrom('elections').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? null : toElection(row);
  }

  async getDefinition(hash: string): Promise<ElectionDefinition | null> {
    const cached = this.#definitions.get(hash);
    if (cached !== undefined) return cached;
    const row = await this.#db.selectFrom('definitions').select('body').where('hash', '=', hash).executeTakeFirst();
    if (row === undefined) return null;
    const definition = ElectionDefinitionSchema.parse(JSON.parse(row.body));
    this.#definitions.set(hash, definition);
    return definition;
  }

  async listSubmissions(electionId: string): Promise<SubmissionRecord[]> {
    const rows = await this.#db.selectFrom('submissions').selectAll().where('election_id', '=', electionId).orderBy('id').execute();
    return rows.map(toSubmission);
  }

  async writeSubmission(request: SubmissionRequest, produce: (sink: SubmissionSink) => Promise<ProducedSubmission>): Promise<WriteOutcome> {
    return this.#lock.run(async () => {
      // IMMEDIATE takes the write lock now, so the submission id cannot be taken by another writer.
      this.#raw.exec('BEGIN IMMEDIATE');
      try {
        const outcome = await this.#writeInTransaction(request, produce);
        this.#raw.exec(outcome.status === 'accepted' ? 'COMMIT' : 'ROLLBACK');
        return outcome;
      } catch (error) {
        if (this.#raw.inTransaction) this.#raw.exec('ROLLBACK');
        throw error;
      }
    });
  }

  async #writeInTransaction(request: SubmissionRequest, produce: (sink: SubmissionSink) => Promise<ProducedSubmission>): Promise<WriteOutcome> {
    const next = this.#raw.prepare('select coalesce(max(id), 0) + 1 as id from submissions').get() as { id: number };
    const writer = new SqliteCountWriter(this.#raw, next.id);
    const produced = await produce(writer);
    writer.flush();
    if (produced.errorCount > 0) return { status: 'rejected', errors: produced.errors, errorCount: produced.errorCount };

    const existing = await this.#db
      .selectFrom('submissions')
      .selectAll()
      .where('election_id', '=', request.electionId)
      .where('source_sha256', '=', produced.sha256)
      .executeTakeFirst();
    if (existing !== undefined) return { status: 'duplicate', existing: toSubmission(existing) };

    const now = new Date().toISOString();
    const hash = definitionHash(produced.definition);
    await this.#saveDefinition(request.electionId, produced.definition, hash, now);
    const election = await this.#db.selectFrom('elections').selectAll().where('id', '=', request.electionId).executeTakeFirstOrThrow();
    const submission: Selectable<SubmissionsTable> = {
      id: next.id,
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
    await this.#db.insertInto('submissions').values(submission).execute();
    const version = election.version + 1;
    await this.#db.updateTable('elections').set({ version, definition_hash: hash }).where('id', '=', request.electionId).execute();
    return { status: 'accepted', submission: toSubmission(submission), election: toElection({ ...election, version, definition_hash: hash }) };
  }

  async #saveDefinition(electionId: string, definition: ElectionDefinition, hash: string, now: string): Promise<void> {
    const election = await this.#db.selectFrom('elections').select('id').where('id', '=', electionId).executeTakeFirst();
    if (election === undefined) {
      await this.#db
        .insertInto('elections')
        .values({
          id: electionId,
          name: definition.name,
          date: definition.date,
          state: definition.state,
          type: definition.type,
          definition_hash: hash,
          version: 0,
          created_at: now,
        })
        .execute();
    }
    await this.#db
      .insertInto('definitions')
      .values({ hash, election_id: electionId, body: JSON.stringify(definition), created_at: now })
      .onConflict((conflict) => conflict.column('hash').doNothing())
      .execute();
  }

  async defineElection(definition: ElectionDefinition): Promise<DefineOutcome> {
    return this.#lock.run(async () => {
      const hash = definitionHash(definition);
      const now = new Date().toISOString();
      return this.#db.transaction().execute(async (trx): Promise<DefineOutcome> => {
        const existing = await trx.selectFrom('elections').selectAll().where('id', '=', definition.id).executeTakeFirst();
        if (existing === undefined) {
          const election = {
            id: definition.id,
            name: definition.name,
            date: definition.date,
            state: definition.state,
            type: definition.type,
            definition_hash: hash,
            version: 0,
            created_at: now,
          };
          await trx.insertInto('elections').values(election).execute();
          await trx.insertInto('definitions').values({ hash, election_id: definition.id, body: JSON.stringify(definition), created_at: now }).execute();
          return { status: 'created', election: toElection(election) };
        }
        if (existing.definition_hash === hash) return { status: 'unchanged', election: toElection(existing) };
        const current = await this.getDefinition(existing.definition_hash);
        const reason = current === null ? 'the current definition is missing' : incompatibility(current, definition);
        if (reason !== null) return { status: 'conflict', reason };
        await trx
          .insertInto('definitions')
          .values({ hash, election_id: definition.id, body: JSON.stringify(definition), created_at: now })
          .onConflict((conflict) => conflict.column('hash').doNothing())
          .execute();
        await trx.updateTable('elections').set({ definition_hash: hash }).where('id', '=', definition.id).execute();
        return { status: 'updated', election: toElection({ ...existing, definition_hash: hash }) };
      });
    });
  }

  readSubmission(submissionId: number, onCounts: (batch: CountBatch) => void, onFacts: (facts: readonly FactRecord[]) => void): Promise<void> {
    const counts = this.#raw
      .prepare('select unit, contest, target, line, vote_type, value, source_line from counts where submission_id = ? order by rowid')
      .raw(true);
    let batch = createCountBatch(READ_BATCH);
    for (const row of counts.iterate(submissionId) as Iterable<number[]>) {
      const i = batch.length++;
      batch.unit[i] = row[0] ?? 0;
      batch.contest[i] = row[1] ?? 0;
      batch.target[i] = row[2] ?? 0;
      batch.line[i] = row[3] ?? 0;
      batch.voteType[i] = row[4] ?? 0;
      batch.value[i] = row[5] ?? 0;
      batch.sourceLine[i] = row[6] ?? 0;
      if (batch.length === READ_BATCH) {
        onCounts(batch);
        batch = createCountBatch(READ_BATCH);
      }
    }
    if (batch.length > 0) onCounts(batch);
    const facts = this.#raw
      .prepare('select unit, fact, vote_type, value, source_line from facts where submission_id = ? order by rowid')
      .all(submissionId) as { unit: number; fact: UnitFact; vote_type: VoteType; value: number; source_line: number }[];
    onFacts(facts.map((row) => ({ unit: row.unit, fact: row.fact, voteType: row.vote_type, value: row.value, sourceLine: row.source_line })));
    return Promise.resolve();
  }

  async close(): Promise<void> {
    await this.#db.destroy();
  }
}

function toElection(row: Selectable<ElectionsTable>): ElectionRecord {
  return {
    id: row.id,
    name: row.name,
    date: row.date,
    state: row.state,
    type: row.type,
    definitionHash: row.definition_hash,
    version: row.version,
    createdAt: row.created_at,
  };
}

function toSubmission(row: Selectable<SubmissionsTable>): SubmissionRecord {
  return {
    id: row.id,
    electionId: row.election_id,
    definitionHash: row.definition_hash,
    format: row.format,
    sourceName: row.source_name,
    sourceSha256: row.source_sha256,
    byteSize: row.byte_size,
    submittedBy: row.submitted_by,
    submittedAt: row.submitted_at,
    options: JSON.parse(row.options) as Record<string, unknown>,
    rows: row.rows,
    counts: row.counts,
    warnings: JSON.parse(row.warnings) as SubmissionRecord['warnings'],
  };
}
