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
  readonly risk: number;
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
