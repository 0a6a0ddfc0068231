// The audit documents as the API serves them (packages/server/src/audit/audit-state.ts),
// restated rather than imported so the page builds and type-checks on its own.

/** One size option for the next round. */
export interface SizeOption {
  readonly type: string | null;
  readonly size: number;
  readonly prob: number | null;
}

/** One audited contest with the reported results it is checked against. */
export interface AuditedContest {
  readonly contestId: string;
  readonly name: string;
  readonly choices: readonly {
    readonly id: string;
    readonly name: string;
    readonly votes: number;
  }[];
  readonly seats: number;
  readonly votesAllowed: number;
}

/** The risk measured for one contest. */
export interface ContestRisk {
  readonly contestId: string;
  /** The risk that decides; in a MACRO audit of several contests, the combined risk. */
  readonly risk: number;
  /** MACRO audit of several contests: the contest's own MACRO risk on the same draws. */
  readonly ownRisk?: number;
  readonly pairs?: readonly {
    readonly winner: string;
    readonly loser: string;
    readonly pValue: number;
  }[];
  readonly finished: boolean;
  readonly sampled: Readonly<Record<string, number>>;
}

/** `GET /api/audits/:id`. */
export interface AuditView {
  readonly audit: {
    readonly id: string;
    readonly electionId: string;
    readonly name: string;
    readonly method: string;
    readonly riskLimit: number;
    readonly contests: readonly AuditedContest[];
    readonly createdBy: string;
    readonly createdAt: string;
    readonly seed: string | null;
    /** ALPHA audits: the estimator and the contests' required shares. */
    readonly alpha?: AlphaSettings | null;
  };
  readonly manifest: {
    readonly ballots: number;
    readonly batches: number;
    readonly byCounty: Readonly<Record<string, number>>;
  } | null;
  readonly rounds: readonly {
    readonly round: number;
    readonly draws: number;
    readonly ballots: number;
    readonly entered: number;
    readonly counties: readonly string[];
  }[];
  readonly measurement: {
    /** MACRO audit of several contests: the one combined risk, the audit's. */
    readonly auditRisk?: number;
    readonly contests: readonly ContestRisk[];
    readonly finished: boolean;
    readonly pending: number;
    readonly nextRound: {
      readonly options: Readonly<Record<string, SizeOption>>;
      readonly recommended: string;
      readonly fullHandCount: boolean;
    } | null;
  } | null;
  /** Cast vote records imported (comparison audits). */
  readonly cvrs: number;
  /** Batches with a reported tally imported (batch-comparison audits). */
  readonly batchTallies?: number;
  /** Full hand counts entered, by contest id. */
  readonly handCounts: Readonly<
    Record<
      string,
      {
        readonly votes: Readonly<Record<string, number>>;
        readonly winners: readonly string[];
        readonly confirmsOutcome: boolean;
      }
    >
  >;
  readonly next: string;
}

/** One ledger record of the audit (`GET /api/audits/:id/steps`). */
export interface AuditStep {
  readonly sequence: number;
  readonly actor: string;
  readonly at: string;
  readonly hash: string;
  readonly payload: Readonly<Record<string, unknown>> & { readonly step?: string };
}

/** What the audit board recorded for a sampled ballot. */
export type BallotInterpretation =
  | { readonly kind: 'not-found' }
  | { readonly kind: 'found'; readonly votes: Readonly<Record<string, readonly string[]>> };

/** One ballot (or whole batch, position 0) of a round's list, with what was recorded for it. */
export interface RoundEntryRow {
  readonly county: string;
  readonly tabulator: string | null;
  readonly batch: string;
  readonly position: number;
  readonly ticket: string;
  readonly timesDrawn: number;
  readonly ballotKey: string;
  readonly interpretation: BallotInterpretation | null;
  /** A batch's hand tally: contest id → choice id → votes. */
  readonly tally: Readonly<Record<string, Readonly<Record<string, number>>>> | null;
}

/** The audit methods, in words. */
export const METHOD_NAMES: Readonly<Record<string, string>> = {
  bravo: 'Ballot-polling audit (BRAVO)',
  'alpha-polling': 'Ballot-polling audit (ALPHA)',
  supersimple: 'Ballot-comparison audit (SuperSimple)',
  'alpha-comparison': 'Card-level comparison audit (ALPHA)',
  macro: 'Batch-comparison audit (MACRO)',
};

/** How an ALPHA audit chooses η (as the server stores it). */
export type AlphaEstimator =
  | { readonly kind: 'fixed'; readonly eta: number }
  | { readonly kind: 'shrink-trunc'; readonly d: number; readonly eta0: 'reported' | number }
  | { readonly kind: 'optimal-comparison'; readonly p2: number };

/** An ALPHA audit's settings. */
export interface AlphaSettings {
  readonly estimator: AlphaEstimator;
  readonly supermajority: Readonly<
    Record<string, { readonly numerator: number; readonly denominator: number }>
  >;
}

/** The estimator in words. */
export function estimatorText(e: AlphaEstimator): string {
  switch (e.kind) {
    case 'fixed':
      return `fixed, η = ${String(e.eta)} for every draw`;
    case 'shrink-trunc':
      return `shrink-trunc, running mean shrunk toward ${e.eta0 === 'reported' ? 'the reported assorter mean' : `η0 = ${String(e.eta0)}`} with weight d = ${String(e.d)} draws`;
    case 'optimal-comparison':
      return `optimal comparison, 2-vote overstatement rate p2 = ${String(e.p2)}`;
  }
}
