import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from './migrations.ts';

/**
 * Definitions are stored gzip-compressed from here on (a national one is hundreds of megabytes of
 * JSON); `body` keeps the text of those stored before and becomes nullable.
 */
export function definitionBodiesMigration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (dialect === 'postgres') {
        await db.schema
          .alterTable('definitions')
          .alterColumn('body', (c) => c.dropNotNull())
          .execute();
        await db.schema.alterTable('definitions').addColumn('body_gzip', 'bytea').execute();
        return;
      }
      // SQLite cannot drop NOT NULL in place: the table is rebuilt.
      await db.schema
        .createTable('definitions_v2')
        .addColumn('hash', 'text', (c) => c.primaryKey())
        .addColumn('election_id', 'text', (c) => c.notNull().references('elections.id'))
        .addColumn('body', 'text')
        .addColumn('body_gzip', 'blob')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await sql`insert into definitions_v2 (hash, election_id, body, created_at)
        select hash, election_id, body, created_at from definitions`.execute(db);
      await db.schema.dropTable('definitions').execute();
      await db.schema.alterTable('definitions_v2').renameTo('definitions').execute();
    },
  };
}
