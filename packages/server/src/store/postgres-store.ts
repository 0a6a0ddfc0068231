import { Kysely, Migrator, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { type CountBatch, type FactRecord, type UnitFact, type VoteType } from '@canvass/core';
import { loadOrCreateSigningKey, type LedgerSigner } from '../ledger/signing-key.ts';
import { segmentBatch, segmentRow } from './count-segments.ts';
import { KyselyStore, type CountWriter } from './kysely-store.ts';
import { migrationProvider } from './migrations.ts';
import type { DatabaseSchema } from './schema.ts';

// int8 columns arrive as strings by default; every count and id here is far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** Options for {@link openPostgresStore}. */
export interface PostgresOptions {
  /** `postgres://user@host:port/database` */
  readonly connectionString: string;
  /** Schema to keep Canvass's tables in (created if missing); default `public`. */
  readonly schema?: string;
  readonly maxConnections?: number;
  /** PEM file of the ledger signing key, shared by every node (default $CANVASS_SIGNING_KEY or ./canvass-signing-key.pem). */
  readonly signingKeyPath?: string;
}

/**
 * Opens the PostgreSQL store (migrating if needed): the production option, and the way several
 * `canvass serve` nodes share one database.
 * @example const store = await openPostgresStore({ connectionString: process.env.DATABASE_URL });
 */
export async function openPostgresStore(options: PostgresOptions): Promise<PostgresStore> {
  const schema = options.schema ?? 'public';
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
  const setup = new pg.Client({ connectionString: options.connectionString });
  await setup.connect();
  try {
    await setup.query(`create schema if not exists ${schema}`);
  } finally {
    await setup.end();
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    options: `-c search_path=${schema}`,
  });
  const db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
  await migrateWithRetries(db, schema);
  const signer = loadOrCreateSigningKey(
    options.signingKeyPath ?? process.env['CANVASS_SIGNING_KEY'] ?? 'canvass-signing-key.pem',
  );
  return new PostgresStore(db, pool, schema, options.connectionString, signer);
}

// The migrator looks for its table by listing the tables of every schema in the database; a
// schema another program drops during that query makes it fail (`invalid_schema_name`, or a
// missing column of a table being dropped), though nothing is wrong with ours. Such a failure
// changes nothing (migrations run in transactions), so it is tried again.
const MIGRATION_ATTEMPTS = 5;
const CONCURRENT_DROP_CODES = new Set(['3F000', '42703', '42P01']);

async function migrateWithRetries(db: Kysely<DatabaseSchema>, schema: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const { error } = await new Migrator({
      db,
      provider: migrationProvider('postgres'),
      migrationTableSchema: schema,
    }).migrateToLatest();
    if (error === undefined) return;
    const { code, message } = error as { code?: unknown; message?: unknown };
    const concurrentDrop =
      typeof code === 'string' &&
      CONCURRENT_DROP_CODES.has(code) &&
      typeof message === 'string' &&
      !message.includes(`"${schema}"`);
    if (!concurrentDrop || attempt === MIGRATION_ATTEMPTS)
      throw error instanceof Error ? error : new Error('migration failed', { cause: error });
    await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
  }
}

/** The PostgreSQL store. */
export class PostgresStore extends KyselyStore {
  readonly dialect = 'postgres' as const;
  readonly pool: pg.Pool;
  readonly schema: string;
  readonly connectionString: string;

  constructor(
    db: Kysely<DatabaseSchema>,
    pool: pg.Pool,
    schema: string,
    connectionString: string,
    signer: LedgerSigner,
  ) {
    super(db, signer);
    this.pool = pool;
    this.schema = schema;
    this.connectionString = connectionString;
  }

  protected async lockForWrite(
    trx: Transaction<DatabaseSchema>,
    electionId: string,
  ): Promise<void> {
    // One writer per election at a time, across every node sharing the database; the advisory
    // lock also covers an election that does not exist yet (no row to lock).
    await sql`select pg_advisory_xact_lock(hashtext(${`canvass:${electionId}`}))`.execute(trx);
  }

  protected async nextSubmissionId(trx: Transaction<DatabaseSchema>): Promise<number> {
    const result = await sql<{
      id: number;
    }>`select nextval(pg_get_serial_sequence('submissions', 'id'))::int as id`.execute(trx);
    const id = result.rows[0]?.id;
    if (id === undefined) throw new Error('no submission id');
    return id;
  }

  protected countWriter(trx: Transaction<DatabaseSchema>, submissionId: number): CountWriter {
    return new PostgresCountWriter(trx, submissionId);
  }

  async readSubmission(
    submissionId: number,
    onCounts: (batch: CountBatch) => void,
    onFacts: (facts: readonly FactRecord[]) => void,
  ): Promise<void> {
    // Segment by segment, so memory stays flat for large submissions.
    for (let segment = 0; ; segment++) {
      const row = await this.db
        .selectFrom('counts')
        .select([
          'length',
          'unit',
          'contest',
          'target',
          'line',
          'vote_type',
          'value',
          'source_line',
        ])
        .where('submission_id', '=', submissionId)
        .where('segment', '=', segment)
        .executeTakeFirst();
      if (row === undefined) break;
      onCounts(segmentBatch(row));
    }
    const facts = await this.db
      .selectFrom('facts')
      .select(['unit', 'fact', 'vote_type', 'value', 'source_line'])
      .where('submission_id', '=', submissionId)
      .execute();
    onFacts(
      facts.map((row) => ({
        unit: row.unit,
        fact: row.fact as UnitFact,
        voteType: row.vote_type as VoteType,
        value: row.value,
        sourceLine: row.source_line,
      })),
    );
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

/** Appends counts as column segments, one insert per batch. */
class PostgresCountWriter implements CountWriter {
  readonly #trx: Transaction<DatabaseSchema>;
  readonly #submissionId: number;
  #segments = 0;

  constructor(trx: Transaction<DatabaseSchema>, submissionId: number) {
    this.#trx = trx;
    this.#submissionId = submissionId;
  }

  async counts(batch: CountBatch): Promise<void> {
    if (batch.length === 0) return;
    const row = segmentRow(this.#submissionId, this.#segments++, batch);
    // pg sends Buffers as bytea; the views share the batch's memory, which the producer hands over.
    const bytes = (view: Uint8Array): Buffer =>
      Buffer.from(view.buffer, view.byteOffset, view.byteLength);
    await this.#trx
      .insertInto('counts')
      .values({
        ...row,
        unit: bytes(row.unit),
        contest: bytes(row.contest),
        target: bytes(row.target),
        line: bytes(row.line),
        vote_type: bytes(row.vote_type),
        value: bytes(row.value),
        source_line: bytes(row.source_line),
      })
      .execute();
  }

  async facts(records: readonly FactRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.#trx
      .insertInto('facts')
      .values(
        records.map((record) => ({
          submission_id: this.#submissionId,
          unit: record.unit,
          fact: record.fact,
          vote_type: record.voteType,
          value: record.value,
          source_line: record.sourceLine,
        })),
      )
      .execute();
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }
}
