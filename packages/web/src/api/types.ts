import type {
  ChoiceResult,
  ContestDocument,
  ContestResult,
  ElectionDefinition,
  ResultsDocument,
  UnitContestResult,
} from '@canvass/core';

export type { ChoiceResult, ContestDocument, ContestResult, ElectionDefinition, UnitContestResult };

// The next two mirror the server's ResultsEvent and HistoryPoint (packages/server/src/live/live-election.ts).
// They are restated rather than imported so the page builds and type-checks on its own.

/** One published version, as sent on the event stream (`event: results`). */
export interface ResultsEvent {
  readonly electionId: string;
  readonly version: number;
  readonly submissionId: number | null;
  /** Ids of the contests whose figures changed. */
  readonly contests: readonly string[];
  readonly at: string;
}

/** A contest's standing at one version (the contest document's `history`). */
export interface HistoryPoint {
  readonly version: number;
  readonly at: string;
  readonly precinctsReporting: number;
  readonly precinctsTotal: number;
  readonly pseudoUnitsReporting: number;
  readonly totalVotes: number;
  /** Votes per choice, in the contest's choice order. */
  readonly votes: readonly number[];
}

/** One election in `GET /api/elections`. */
export interface ElectionSummary {
  readonly id: string;
  readonly name: string;
  readonly date: string;
  readonly state: string | null;
  readonly type: string;
  readonly version: number;
  readonly updatedAt: string;
  readonly definitionHash: string;
}

/** `GET /api/elections/:id`. */
export interface ElectionDetail {
  readonly definitionHash: string;
  readonly version: number;
  readonly definition: ElectionDefinition;
}

/** `GET /api/elections/:id/results`: the document plus the server's envelope. */
export interface ResultsEnvelope extends ResultsDocument {
  readonly updatedAt: string;
  readonly status: 'unofficial';
}

/** `GET /api/elections/:id/contests/:contestId`: one contest with its counties and history. */
export interface ContestEnvelope extends ResultsEnvelope {
  readonly history: readonly HistoryPoint[];
}

/** `GET /api/elections/:id/contests/:contestId/counties/:countyId`. */
export interface CountyEnvelope {
  readonly electionId: string;
  readonly version: number;
  readonly updatedAt: string;
  readonly status: 'unofficial';
  readonly contestId: string;
  readonly county: ContestResult & { readonly id: string; readonly name: string };
  readonly precincts: readonly UnitContestResult[];
}
