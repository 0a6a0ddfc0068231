import type { UnitFact } from './contest.ts';
import type { VoteType } from './vote-type.ts';

/**
 * Where a problem was found in a source file. Lines are 1-based and count the header; the column
 * is the header name when the problem is in one cell.
 */
export interface SourceLocation {
  readonly file: string;
  readonly line: number | null;
  readonly column: string | null;
}

/** A reason a submission cannot be accepted. One submission may have many. */
export interface SourceError extends SourceLocation {
  /** A stable machine-readable code, e.g. `fractional-votes`, `duplicate-key`. */
  readonly code: string;
  /** A sentence a county official can act on. */
  readonly reason: string;
}

/** Something accepted but worth a person's attention (an internal inconsistency in the file). */
export interface SourceWarning extends SourceLocation {
  readonly code: string;
  readonly message: string;
}

/**
 * Formats an error or warning the way every surface prints it: `file:line [column] reason`.
 * @example formatLocated({ file: 'a.csv', line: 3, column: 'votes', code: 'x', reason: 'bad' }) // 'a.csv:3 [votes] bad'
 */
export function formatLocated(
  item: SourceLocation & ({ reason: string } | { message: string }),
): string {
  const where = item.line === null ? item.file : `${item.file}:${item.line}`;
  const column = item.column === null ? '' : ` [${item.column}]`;
  const text = 'reason' in item ? item.reason : item.message;
  return `${where}${column} ${text}`;
}

/** Index codes for vote types, stored as small integers. Append only. */
export const VOTE_TYPE_CODES: readonly VoteType[] = [
  'total',
  'election-day',
  'early',
  'absentee',
  'mail',
  'provisional',
  'other',
];

/** Target codes for the non-choice targets of a contest; choices use their index (>= 0). */
export const TARGET_OVERVOTES = -1;
/** See {@link TARGET_OVERVOTES}. */
export const TARGET_UNDERVOTES = -2;
/** See {@link TARGET_OVERVOTES}. */
export const TARGET_BLANK = -3;

/**
 * A batch of counts, column-wise, keyed by positions in the election definition the submission
 * was validated against (so the store needs no lookups on the hot path). `target` is a choice's
 * index in its contest or one of the negative TARGET_* codes; `line` is the index of the party
 * line in the choice's `lines`, or -1. Within one submission, counts with the same key add up.
 */
export interface CountBatch {
  length: number;
  readonly unit: Int32Array;
  readonly contest: Int32Array;
  readonly target: Int32Array;
  readonly line: Int32Array;
  readonly voteType: Uint8Array;
  readonly value: Float64Array;
  /** The source line each count came from, for error messages and provenance. */
  readonly sourceLine: Int32Array;
}

/**
 * Allocates an empty batch with room for `capacity` counts.
 * @example const batch = createCountBatch(4096);
 */
export function createCountBatch(capacity: number): CountBatch {
  return {
    length: 0,
    unit: new Int32Array(capacity),
    contest: new Int32Array(capacity),
    target: new Int32Array(capacity),
    line: new Int32Array(capacity),
    voteType: new Uint8Array(capacity),
    value: new Float64Array(capacity),
    sourceLine: new Int32Array(capacity),
  };
}

/** A fact about a unit (registered voters, ballots cast), keyed by definition position. */
export interface FactRecord {
  readonly unit: number;
  readonly fact: UnitFact;
  readonly voteType: VoteType;
  readonly value: number;
  readonly sourceLine: number;
}

/** Receives a submission's content as it is parsed, so a large file is never held whole. */
export interface SubmissionSink {
  /** Takes ownership of a full batch; the producer allocates a new one. */
  counts(batch: CountBatch): void | Promise<void>;
  facts(records: readonly FactRecord[]): void | Promise<void>;
}
