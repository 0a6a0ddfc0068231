import type { Generated } from 'kysely';

// Type aliases, not interfaces: Kysely's withTables needs an index-compatible record type.

/** The `recounts` table. */
export type RecountsTable = {
  id: Generated<number>;
  election_id: string;
  contest_id: string;
  definition_hash: string;
  format: string;
  source_name: string;
  source_sha256: string;
  byte_size: number;
  source_gzip: Uint8Array;
  submitted_by: string;
  submitted_at: string;
  units: number;
};

/** The `recount_counts` table. PostgreSQL returns bigint columns as strings. */
export type RecountCountsTable = {
  recount_id: number;
  unit_id: string;
  choice_id: string;
  votes: number | string | bigint;
};

/** The recount tables, added to the store's schema with `withTables`. */
export type RecountTables = {
  recounts: RecountsTable;
  recount_counts: RecountCountsTable;
};
