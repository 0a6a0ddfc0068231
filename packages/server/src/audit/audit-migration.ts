import type { Kysely, Migration } from 'kysely';

/** The audit tables, appended to the store's migration list. */
export function auditsMigration(dialect: 'sqlite' | 'postgres'): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('audits')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('election_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('risk_limit', 'integer', (c) => c.notNull())
        .addColumn('contests', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('seed', 'text')
        .execute();
      await db.schema
        .createTable('audit_manifest_batches')
        .addColumn('audit_id', 'text', (c) => c.notNull())
        .addColumn('line', 'integer', (c) => c.notNull())
        .addColumn('county', 'text', (c) => c.notNull())
        .addColumn('tabulator', 'text')
        .addColumn('batch', 'text', (c) => c.notNull())
        .addColumn('ballots', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('audit_manifest_batches_pk', ['audit_id', 'line'])
        .execute();
      await db.schema
        .createTable('audit_draws')
        .addColumn('audit_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('round', 'integer', (c) => c.notNull())
        .addColumn('county', 'text', (c) => c.notNull())
        .addColumn('tabulator', 'text')
        .addColumn('batch', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('ticket', 'text', (c) => c.notNull())
        .addColumn('generation', 'integer', (c) => c.notNull())
        .addColumn('ballot_key', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('audit_draws_pk', ['audit_id', 'seq'])
        .execute();
      await db.schema
        .createIndex('audit_draws_ballot')
        .on('audit_draws')
        .columns(['audit_id', 'ballot_key'])
        .execute();
      await db.schema
        .createTable('audit_entries')
        .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('audit_id', 'text', (c) => c.notNull())
        .addColumn('ballot_key', 'text', (c) => c.notNull())
        .addColumn('interpretation', 'text', (c) => c.notNull())
        .addColumn('entered_by', 'text', (c) => c.notNull())
        .addColumn('entered_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('audit_entries_ballot')
        .on('audit_entries')
        .columns(['audit_id', 'ballot_key'])
        .execute();
    },
  };
}

/** Cast vote records of ballot-comparison audits, appended to the store's migration list. */
export function auditCvrsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('audit_cvrs')
        .addColumn('audit_id', 'text', (c) => c.notNull())
        .addColumn('ballot_key', 'text', (c) => c.notNull())
        .addColumn('votes', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('audit_cvrs_pk', ['audit_id', 'ballot_key'])
        .execute();
    },
  };
}

/** Full hand counts of audited contests, appended to the store's migration list. */
export function auditHandCountsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('audit_hand_counts')
        .addColumn('audit_id', 'text', (c) => c.notNull())
        .addColumn('contest_id', 'text', (c) => c.notNull())
        .addColumn('votes', 'text', (c) => c.notNull())
        .addColumn('entered_by', 'text', (c) => c.notNull())
        .addColumn('entered_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('audit_hand_counts_pk', ['audit_id', 'contest_id'])
        .execute();
    },
  };
}

/**
 * Batch-comparison (MACRO) audits, appended to the store's migration list: the reported tally of
 * each batch, and the audit boards' hand tallies of sampled batches (the latest entry counts).
 */
export function auditBatchesMigration(dialect: 'sqlite' | 'postgres'): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('audit_batch_tallies')
        .addColumn('audit_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('county', 'text', (c) => c.notNull())
        .addColumn('tabulator', 'text')
        .addColumn('batch', 'text', (c) => c.notNull())
        .addColumn('tally', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('audit_batch_tallies_pk', ['audit_id', 'seq'])
        .execute();
      await db.schema
        .createTable('audit_batch_entries')
        .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('audit_id', 'text', (c) => c.notNull())
        .addColumn('batch_key', 'text', (c) => c.notNull())
        .addColumn('tally', 'text', (c) => c.notNull())
        .addColumn('entered_by', 'text', (c) => c.notNull())
        .addColumn('entered_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('audit_batch_entries_batch')
        .on('audit_batch_entries')
        .columns(['audit_id', 'batch_key'])
        .execute();
    },
  };
}

/**
 * Per-audit method settings (JSON; null for the defaults): an ALPHA audit's estimator and its
 * contests' required shares. Appended to the store's migration list.
 */
export function auditSettingsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('audits').addColumn('settings', 'text').execute();
    },
  };
}
