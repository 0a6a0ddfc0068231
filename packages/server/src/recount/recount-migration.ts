import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../store/migrations.ts';

/**
 * Recounts, kept beside the original count: one row per recorded recount (its source bytes
 * included) and its counts per unit and choice. Rows are only ever inserted.
 */
export function recountsMigration(dialect: Dialect): Migration {
  const bytes = dialect === 'postgres' ? 'bytea' : 'blob';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('recounts')
        .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('election_id', 'text', (c) => c.notNull())
        .addColumn('contest_id', 'text', (c) => c.notNull())
        .addColumn('definition_hash', 'text', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('source_name', 'text', (c) => c.notNull())
        .addColumn('source_sha256', 'text', (c) => c.notNull())
        .addColumn('byte_size', 'integer', (c) => c.notNull())
        .addColumn('source_gzip', bytes, (c) => c.notNull())
        .addColumn('submitted_by', 'text', (c) => c.notNull())
        .addColumn('submitted_at', 'text', (c) => c.notNull())
        .addColumn('units', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('recounts_source')
        .on('recounts')
        .columns(['election_id', 'contest_id', 'source_sha256'])
        .unique()
        .execute();
      await db.schema
        .createTable('recount_counts')
        .addColumn('recount_id', 'integer', (c) => c.notNull())
        .addColumn('unit_id', 'text', (c) => c.notNull())
        .addColumn('choice_id', 'text', (c) => c.notNull())
        .addColumn('votes', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('recount_counts_pk', ['recount_id', 'unit_id', 'choice_id'])
        .execute();
    },
  };
}
