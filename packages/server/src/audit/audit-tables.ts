import type { Generated, Kysely } from 'kysely';

/** An audit of some of an election's contests. */
export interface AuditsTable {
  id: string;
  election_id: string;
  name: string;
  /** `bravo` (ballot polling) or `supersimple` (ballot comparison). */
  method: string;
  /** Percent, 1..20. */
  risk_limit: number;
  /** JSON: the audited contests with the reported results they are checked against. */
  contests: string;
  created_by: string;
  created_at: string;
  /** Set once, never changed. */
  seed: string | null;
  /** JSON: the method's settings (an ALPHA audit's estimator and required shares); null: defaults. */
  settings: string | null;
}

/** One batch of an audit's ballot manifest, as imported (one manifest per audit). */
export interface AuditManifestBatchesTable {
  audit_id: string;
  line: number;
  county: string;
  tabulator: string | null;
  batch: string;
  ballots: number;
}

/** One draw of the sample, in stream order (`seq` counts from 0 over all rounds). */
export interface AuditDrawsTable {
  audit_id: string;
  seq: number;
  round: number;
  county: string;
  tabulator: string | null;
  batch: string;
  position: number;
  ticket: string;
  generation: number;
  /** The hashed ballot id; the key of the ballot's entries. */
  ballot_key: string;
}

/** What an audit board recorded for a sampled ballot. The latest entry of a ballot counts. */
export interface AuditEntriesTable {
  id: Generated<number>;
  audit_id: string;
  ballot_key: string;
  /** JSON BallotInterpretation. */
  interpretation: string;
  entered_by: string;
  entered_at: string;
}

/** One cast vote record of a ballot-comparison audit, keyed like the draws. */
export interface AuditCvrsTable {
  audit_id: string;
  ballot_key: string;
  /** JSON: contest id → marked choice ids. */
  votes: string;
}

/** The result of a full hand count of a contest, entered when an audit escalates to one. */
export interface AuditHandCountsTable {
  audit_id: string;
  contest_id: string;
  /** JSON: choice id → votes counted by hand. */
  votes: string;
  entered_by: string;
  entered_at: string;
}

/** The reported tally of one batch of a batch-comparison audit, as imported. */
export interface AuditBatchTalliesTable {
  audit_id: string;
  /** Order of first appearance in the file. */
  seq: number;
  county: string;
  tabulator: string | null;
  batch: string;
  /** JSON: contest id → choice id → votes. */
  tally: string;
}

/** An audit board's hand tally of a sampled batch. The latest entry of a batch counts. */
export interface AuditBatchEntriesTable {
  id: Generated<number>;
  audit_id: string;
  /** The batch's key, as on its draws. */
  batch_key: string;
  /** JSON: contest id → choice id → votes counted by hand. */
  tally: string;
  entered_by: string;
  entered_at: string;
}

/** The audit tables. A type alias (not an interface) so that Kysely accepts it as a schema. */
export type AuditTables = {
  audits: AuditsTable;
  audit_manifest_batches: AuditManifestBatchesTable;
  audit_draws: AuditDrawsTable;
  audit_entries: AuditEntriesTable;
  audit_cvrs: AuditCvrsTable;
  audit_hand_counts: AuditHandCountsTable;
  audit_batch_tallies: AuditBatchTalliesTable;
  audit_batch_entries: AuditBatchEntriesTable;
};

/** The query builder over the audit tables. */
export type AuditDb = Kysely<AuditTables>;
