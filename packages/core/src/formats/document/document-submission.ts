import type { UnitFact } from '../../model/contest.ts';
import type { ElectionDefinition } from '../../model/election.ts';
import type { SourceError, SourceWarning } from '../../model/submission.ts';
import type { VoteType } from '../../model/vote-type.ts';

/**
 * A results document (NIST report, Clarity detail.xml) read into Canvass terms, keyed by ids:
 * the definition the document describes, and its counts and unit facts.
 */
export interface DocumentSubmission {
  /** The definition the document describes (its id is the election id chosen for it). */
  readonly definition: ElectionDefinition;
  readonly counts: readonly DocumentCount[];
  readonly facts: readonly DocumentFact[];
  /** Entries read from the document (counts, over/under entries, ballot counts). */
  readonly rows: number;
}

/** One count, by ids. */
export interface DocumentCount {
  readonly unitId: string;
  readonly contestId: string;
  /** A choice id, or one of the contest-level targets. */
  readonly target: { readonly choiceId: string } | 'overvotes' | 'undervotes' | 'blank';
  readonly voteType: VoteType;
  readonly value: number;
  /** Where it was read: a line (XML) or null, and a field path. */
  readonly line: number | null;
  readonly field: string;
}

/** One unit fact, by ids. */
export interface DocumentFact {
  readonly unitId: string;
  readonly fact: UnitFact;
  readonly voteType: VoteType;
  readonly value: number;
  readonly line: number | null;
  readonly field: string;
}

/** How to import one results document. */
export interface DocumentImportOptions {
  /** Name used in messages. */
  readonly file: string;
  /** The election's current definition; null when the document creates the election. */
  readonly definition: ElectionDefinition | null;
  /** The election id (`--election`); null takes the one the document names or implies. */
  readonly electionId: string | null;
  /** Errors kept (default 1000); more are counted in errorCount. */
  readonly maxErrors?: number;
}

/** What a document import found. Counts reach the sink only when `ok`. */
export interface DocumentImportResult {
  readonly ok: boolean;
  readonly errors: SourceError[];
  readonly errorCount: number;
  readonly warnings: SourceWarning[];
  /** The given definition, or the one the document describes (only valid when ok). */
  readonly definition: ElectionDefinition;
  readonly rows: number;
  readonly counts: number;
}

/** An empty definition, for results of documents that could not be read. */
export function placeholderDefinition(id: string | null): ElectionDefinition {
  return {
    id: id ?? 'unknown',
    name: id ?? 'unknown',
    date: '1970-01-01',
    state: null,
    type: 'other',
    units: [],
    contests: [],
  };
}
