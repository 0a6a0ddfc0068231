import { type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { webhooksMigration } from '../webhooks/migration.ts';
import { heldSubmissionsMigration } from '../gate/held-migration.ts';
import { definitionBodiesMigration } from './definition-bodies-migration.ts';
import {
  auditBatchesMigration,
  auditCvrsMigration,
  auditHandCountsMigration,
  auditSettingsMigration,
  auditsMigration,
} from '../audit/audit-migration.ts';
import { recountsMigration } from '../recount/recount-migration.ts';

/** Which SQL engine a migration runs on; the few differences are spelled out where they occur. */
export type Dialect = 'sqlite' | 'postgres';

// Migrations live in code (not files on disk) so that the CLI works the same from any directory.
const migrations = (dialect: Dialect): Record<string, Migration> => ({
  '0001-results': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('elections')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('state', 'text')
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('definition_hash', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('definitions')
        .addColumn('hash', 'text', (c) => c.primaryKey())
        .addColumn('election_id', 'text', (c) => c.notNull().references('elections.id'))
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('submissions')
        .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('election_id', 'text', (c) => c.notNull().references('elections.id'))
        .addColumn('definition_hash', 'text', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('source_name', 'text', (c) => c.notNull())
        .addColumn('source_sha256', 'text', (c) => c.notNull())
        .addColumn('byte_size', 'integer', (c) => c.notNull())
        .addColumn('submitted_by', 'text', (c) => c.notNull())
        .addColumn('submitted_at', 'text', (c) => c.notNull())
        .addColumn('options', 'text', (c) => c.notNull())
        .addColumn('rows', 'integer', (c) => c.notNull())
        .addColumn('counts', 'integer', (c) => c.notNull())
        .addColumn('warnings', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('submissions_source')
        .on('submissions')
        .columns(['election_id', 'source_sha256'])
        .unique()
        .execute();
      // Counts are stored column-wise, one row per segment of up to a few thousand counts: each
      // column a little-endian array (int32; float64 for values). One insert per segment instead of
      // one per count is what lets a national file load at the speed of parsing it.
      await db.schema
        .createTable('counts')
        .addColumn('submission_id', 'integer', (c) => c.notNull())
        .addColumn('segment', 'integer', (c) => c.notNull())
        .addColumn('length', 'integer', (c) => c.notNull())
        .addColumn('unit', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
        .addColumn('contest', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
        .addColumn('target', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
        .addColumn('line', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
        .addColumn('vote_type', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
        .addColumn('value', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
        .addColumn('source_line', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
        .addPrimaryKeyConstraint('counts_pk', ['submission_id', 'segment'])
        .execute();
      await db.schema
        .createTable('facts')
        .addColumn('submission_id', 'integer', (c) => c.notNull())
        .addColumn('unit', 'integer', (c) => c.notNull())
        .addColumn('fact', 'text', (c) => c.notNull())
        .addColumn('vote_type', 'text', (c) => c.notNull())
        .addColumn('value', 'bigint', (c) => c.notNull())
        .addColumn('source_line', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('facts_submission').on('facts').column('submission_id').execute();
    },
  },
  '0002-accounts': {
    async up(db: Kysely<unknown>): Promise<void> {
      const id = dialect === 'postgres' ? 'serial' : 'integer';
      await db.schema
        .createTable('users')
        .addColumn('id', id, (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('counties', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema
        .createTable('tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'integer', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('secret_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'integer', (c) => c.notNull())
        .addColumn('csrf', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0003-ledger': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('ledger')
        .addColumn('election_id', 'text', (c) => c.notNull())
        .addColumn('sequence', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('previous_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('signature', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('ledger_pk', ['election_id', 'sequence'])
        .execute();
      await db.schema
        .createTable('sources')
        .addColumn('submission_id', 'integer', (c) => c.notNull())
        .addColumn('chunk', 'integer', (c) => c.notNull())
        .addColumn('bytes', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
        .addPrimaryKeyConstraint('sources_pk', ['submission_id', 'chunk'])
        .execute();
    },
  },
  '0005-webhooks': webhooksMigration(dialect),
  '0006-audits': auditsMigration(dialect),
  '0007-held-submissions': heldSubmissionsMigration(dialect),
  '0008-definition-bodies': definitionBodiesMigration(dialect),
  '0009-recounts': recountsMigration(dialect),
  '0010-audit-cvrs': auditCvrsMigration(),
  '0011-audit-hand-counts': auditHandCountsMigration(),
  '0012-audit-batches': auditBatchesMigration(dialect),
  '0013-audit-settings': auditSettingsMigration(),
});

/** Supplies the migrations above to Kysely's Migrator. */
export function migrationProvider(dialect: Dialect): MigrationProvider {
  return { getMigrations: () => Promise.resolve(migrations(dialect)) };
}
