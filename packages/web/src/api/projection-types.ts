// These mirror the server's ContestProjection and PublishedCallEvent
// (packages/server/src/projection/live-projections.ts). They are restated rather than imported
// so the page builds and type-checks on its own.

/** A call event of the night, as the projections document lists it. */
export interface CallEventView {
  readonly electionId: string;
  readonly contestId: string;
  readonly version: number;
  readonly at: string;
  readonly event: {
    readonly type: 'called' | 'confirmed' | 'in-doubt' | 'retracted';
    readonly winner: string;
    readonly kind?: 'statistical' | 'mathematical';
    readonly reason: string;
  };
}

/** One contest's projection, from `GET /api/elections/:id/projections`. */
export interface ContestProjectionView {
  readonly contestId: string;
  readonly contestName: string;
  readonly pair: readonly [string, string];
  readonly version: number;
  readonly expectedVote: {
    readonly counted: number;
    readonly projectedTotal: number;
    readonly interval90: readonly [number, number];
    readonly share: number;
  };
  readonly precincts: { readonly reporting: number; readonly total: number };
  readonly reportedMargin: number | null;
  readonly projectedMargin: number;
  readonly interval90: readonly [number, number];
  readonly interval99: readonly [number, number];
  readonly call:
    | { readonly status: 'not-called'; readonly reason: string }
    | {
        readonly status: 'called';
        readonly winner: string;
        readonly kind: 'statistical' | 'mathematical';
        readonly reason: string;
        readonly inDoubt: boolean;
      };
  readonly events: readonly CallEventView[];
}

/** The projections document. */
export interface ProjectionsDocument {
  readonly electionId: string;
  readonly contests: readonly ContestProjectionView[];
}
