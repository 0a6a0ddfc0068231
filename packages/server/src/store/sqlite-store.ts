import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql, type Transaction } from 'kysely';
import { type CountBatch, type FactRecord, type UnitFact, type VoteType } from '@canvass/core';
import { loadOrCreateSigningKey, type LedgerSigner } from '../ledger/signing-key.ts';
import { segmentBatch } from './count-segments.ts';
import { KyselyStore, type CountWriter } from './kysely-store.ts';
import { migrationProvider } from './migrations.ts';
import type { DatabaseSchema } from './schema.ts';
import { SqliteCountWriter } from './sqlite-count-writer.ts';

/**
 * Opens (creating and migrating if needed) the embedded SQLite store at `path`.
 * @example const store = await openSqliteStore('canvass.db');
 */
export async function openSqliteStore(
  path: string,
  options: { readonly signingKeyPath?: string } = {},
): Promise<SqliteStore> {
  const raw = new BetterSqlite3(path);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('busy_timeout = 5000');
  const db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: raw }) });
  const { error } = await new Migrator({
    db,
    provider: migrationProvider('sqlite'),
  }).migrateToLatest();
  if (error !== undefined)
    throw error instanceof Error ? error : new Error('migration failed', { cause: error });
  // The key lives beside the database file unless the operator puts it elsewhere.
  const signer = loadOrCreateSigningKey(
    options.signingKeyPath ?? process.env['CANVASS_SIGNING_KEY'] ?? `${path}.signing-key.pem`,
  );
  return new SqliteStore(raw, db, signer);
}

/** The embedded store: one SQLite file, nothing else to run. */
export class SqliteStore extends KyselyStore {
  readonly dialect = 'sqlite' as const;
  readonly #raw: BetterSqlite3.Database;

  constructor(raw: BetterSqlite3.Database, db: Kysely<DatabaseSchema>, signer: LedgerSigner) {
    super(db, signer);
    this.#raw = raw;
  }

  protected async lockForWrite(
    trx: Transaction<DatabaseSchema>,
    _electionId: string,
  ): Promise<void> {
    // Kysely begins a deferred transaction; writing first takes SQLite's write lock now, so a
    // second process waits (busy_timeout) instead of failing on a stale snapshot later.
    await sql`update elections set version = version where 0`.execute(trx);
  }

  protected nextSubmissionId(_trx: Transaction<DatabaseSchema>): Promise<number> {
    // The count writer uses the raw handle, which is the connection the transaction runs on.
    const row = this.#raw
      .prepare('select coalesce(max(id), 0) + 1 as id from submissions')
      .get() as { id: number };
    return Promise.resolve(row.id);
  }

  protected countWriter(_trx: Transaction<DatabaseSchema>, submissionId: number): CountWriter {
    return new SqliteCountWriter(this.#raw, submissionId);
  }

  readSubmission(
    submissionId: number,
    onCounts: (batch: CountBatch) => void,
    onFacts: (facts: readonly FactRecord[]) => void,
  ): Promise<void> {
    const segments = this.#raw.prepare(
      'select length, unit, contest, target, line, vote_type, value, source_line from counts where submission_id = ? order by segment',
    );
    for (const row of segments.iterate(submissionId) as Iterable<
      Parameters<typeof segmentBatch>[0]
    >)
      onCounts(segmentBatch(row));
    const facts = this.#raw
      .prepare(
        'select unit, fact, vote_type, value, source_line from facts where submission_id = ? order by rowid',
      )
      .all(submissionId) as {
      unit: number;
      fact: UnitFact;
      vote_type: VoteType;
      value: number;
      source_line: number;
    }[];
    onFacts(
      facts.map((row) => ({
        unit: row.unit,
        fact: row.fact,
        voteType: row.vote_type,
        value: row.value,
        sourceLine: row.source_line,
      })),
    );
    return Promise.resolve();
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
