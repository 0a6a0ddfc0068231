import type {
  CountBatch,
  ElectionDefinition,
  FactRecord,
  LedgerRecord,
  SourceError,
  SourceWarning,
  SubmissionSink,
} from '@canvass/core';
import type { Kysely } from 'kysely';
import type { ElectionState } from './election-state.ts';
import type { LedgerAnnex, LedgerEntryRequest } from './ledger-annex.ts';
import type { DatabaseSchema } from './schema.ts';

/** An election as listed. */
export interface ElectionRecord {
  readonly id: string;
  readonly name: string;
  readonly date: string;
  readonly state: string | null;
  readonly type: string;
  readonly definitionHash: string;
  /** Number of accepted submissions. */
  readonly version: number;
  readonly createdAt: string;
}

/** An accepted submission, as recorded. */
export interface SubmissionRecord {
  readonly id: number;
  readonly electionId: string;
  readonly definitionHash: string;
  readonly format: string;
  readonly sourceName: string;
  readonly sourceSha256: string;
  readonly byteSize: number;
  readonly submittedBy: string;
  readonly submittedAt: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly rows: number;
  readonly counts: number;
  readonly warnings: readonly SourceWarning[];
}

/** Who is submitting what. */
export interface SubmissionRequest {
  readonly electionId: string;
  readonly format: string;
  readonly sourceName: string;
  readonly submittedBy: string;
  readonly options: Readonly<Record<string, unknown>>;
  /** A further ledger record written with the submission (a correction, an approval). */
  readonly annex?: LedgerAnnex;
  /**
   * The election state a decision about this submission was taken against (the reconciliation
   * gate's): checked under the election's write lock, in the write's transaction, which throws
   * `StaleElectionStateError` and stores nothing when the election has moved on.
   */
  readonly expectedState?: ElectionState;
}

/** What the producer reports once it has streamed a submission's content into the sink. */
export interface ProducedSubmission {
  readonly errors: readonly SourceError[];
  readonly errorCount: number;
  readonly warnings: readonly SourceWarning[];
  /** The definition the counts are keyed by (inferred or the election's current one). */
  readonly definition: ElectionDefinition;
  readonly sha256: string;
  readonly byteSize: number;
  readonly rows: number;
  readonly counts: number;
}

/**
 * Streams a submission's parsed content into `sink` and its exact source bytes, as gzip members
 * in order, into `keepSource` (kept so that anyone can re-derive the counts from what was
 * submitted; the members concatenated are a gzip file of the source).
 */
export type SubmissionProducer = (
  sink: SubmissionSink,
  keepSource: (chunk: Uint8Array) => Promise<void>,
) => Promise<ProducedSubmission>;

/** The outcome of writing a submission: nothing is half applied. */
export type WriteOutcome =
  | {
      readonly status: 'accepted';
      readonly submission: SubmissionRecord;
      readonly election: ElectionRecord;
    }
  | { readonly status: 'duplicate'; readonly existing: SubmissionRecord }
  | {
      readonly status: 'rejected';
      readonly errors: readonly SourceError[];
      readonly errorCount: number;
    };

/** The outcome of defining an election. */
export type DefineOutcome =
  | { readonly status: 'created' | 'updated' | 'unchanged'; readonly election: ElectionRecord }
  | { readonly status: 'conflict'; readonly reason: string };

/**
 * Everything Canvass keeps. Implementations: SQLite (embedded default) and, later, PostgreSQL.
 * Accepted submissions are never changed or deleted.
 */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  listElections(): Promise<ElectionRecord[]>;
  getElection(id: string): Promise<ElectionRecord | null>;
  getDefinition(hash: string): Promise<ElectionDefinition | null>;
  listSubmissions(electionId: string): Promise<SubmissionRecord[]>;
  /**
   * Records one submission in one transaction. `produce` streams the content into the sink; if
   * it reports any error, or the same bytes were already accepted, the store is left unchanged.
   * A new election is created from the produced definition when `electionId` is unknown.
   */
  writeSubmission(request: SubmissionRequest, produce: SubmissionProducer): Promise<WriteOutcome>;
  /**
   * Creates an election from a definition, or makes a newer definition current. A newer one must
   * keep every unit, contest, choice and party line of the current one (it may add), so that
   * stored submissions still resolve; otherwise the result is `conflict`.
   */
  defineElection(definition: ElectionDefinition): Promise<DefineOutcome>;
  /** Streams a stored submission's counts and facts, in the order they were written. */
  readSubmission(
    submissionId: number,
    onCounts: (batch: CountBatch) => void,
    onFacts: (facts: readonly FactRecord[]) => void,
  ): Promise<void>;
  /** Every ledger record of an election, in order. */
  listLedger(electionId: string): Promise<LedgerRecord[]>;
  /**
   * Appends one record (of any kind) to an election's chain, in one transaction with the writes
   * it attests; the extension point for steps that are not submissions (holds, decisions, ...).
   */
  appendRecord(request: LedgerEntryRequest): Promise<LedgerRecord>;
  /** The exact bytes of an accepted submission, gzip-compressed (concatenated gzip members). */
  readSource(submissionId: number): AsyncIterable<Uint8Array>;
  /** The query builder, for components that keep their own tables. */
  readonly database: Kysely<DatabaseSchema>;
  /** The PEM public key that verifies this store's ledger signatures. */
  readonly publicKeyPem: string;
  close(): Promise<void>;
}
