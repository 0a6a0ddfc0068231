import type { Generated } from 'kysely';
import type { HeldSubmissionsTable } from './held-schema.ts';

/** Table types for Kysely. Counts are keyed by positions in the submission's definition. */
export interface DatabaseSchema {
  elections: ElectionsTable;
  definitions: DefinitionsTable;
  submissions: SubmissionsTable;
  counts: CountsTable;
  facts: FactsTable;
  users: UsersTable;
  tokens: TokensTable;
  sessions: SessionsTable;
  ledger: LedgerTable;
  sources: SourcesTable;
  held_submissions: HeldSubmissionsTable;
}

/** The append-only, hash-chained, signed record of everything that happened to each election. */
export interface LedgerTable {
  election_id: string;
  sequence: number;
  kind: string;
  actor: string;
  at: string;
  /** Canonical JSON. */
  payload: string;
  previous_hash: string;
  hash: string;
  signature: string;
}

/** The exact bytes of each accepted submission, in chunks. */
export interface SourcesTable {
  submission_id: number;
  chunk: number;
  bytes: Uint8Array;
}

/** People and systems that act on Canvass. */
export interface UsersTable {
  id: Generated<number>;
  name: string;
  role: string;
  /** JSON array of county names a county official may submit for. */
  counties: string;
  /** scrypt hash (`scrypt$N$r$p$salt$hash`), or null for token-only accounts. */
  password_hash: string | null;
  created_at: string;
  revoked_at: string | null;
}

/** API tokens; only a scrypt hash of the secret part is kept. */
export interface TokensTable {
  id: string;
  user_id: number;
  name: string;
  secret_hash: string;
  created_at: string;
  revoked_at: string | null;
}

/** Web sign-in sessions; only a hash of the cookie value is kept. */
export interface SessionsTable {
  id_hash: string;
  user_id: number;
  csrf: string;
  expires_at: string;
}

/** One row per election; `version` counts accepted submissions. */
export interface ElectionsTable {
  id: string;
  name: string;
  date: string;
  state: string | null;
  type: string;
  definition_hash: string;
  version: number;
  created_at: string;
}

/** Every version of every election definition, by content hash. */
export interface DefinitionsTable {
  hash: string;
  election_id: string;
  /** Canonical JSON as text (definitions stored before compression); null when `body_gzip` holds it. */
  body: string | null;
  /** Canonical JSON, gzip-compressed. */
  body_gzip: Uint8Array | null;
  created_at: string;
}

/** Every accepted submission, forever. */
export interface SubmissionsTable {
  id: Generated<number>;
  election_id: string;
  /** The definition the submission was validated against. */
  definition_hash: string;
  format: string;
  source_name: string;
  source_sha256: string;
  byte_size: number;
  submitted_by: string;
  submitted_at: string;
  /** JSON: the import options chosen (e.g. how duplicates were resolved). */
  options: string;
  rows: number;
  counts: number;
  /** JSON array of the parser's warnings. */
  warnings: string;
}

/**
 * A segment of one submission's counts, column-wise: each column is a little-endian array of
 * `length` values (int32; float64 for `value`; uint8 for `vote_type`), in the order parsed.
 */
export interface CountsTable {
  submission_id: number;
  segment: number;
  length: number;
  unit: Uint8Array;
  contest: Uint8Array;
  target: Uint8Array;
  line: Uint8Array;
  vote_type: Uint8Array;
  value: Uint8Array;
  source_line: Uint8Array;
}

/** One unit fact (registered voters, ballots cast, ...) of one submission. */
export interface FactsTable {
  submission_id: number;
  unit: number;
  fact: string;
  vote_type: string;
  value: number;
  source_line: number;
}
