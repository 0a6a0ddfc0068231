import type { BindingCondition } from './evaluate-rule-test.ts';
import type { RuleOutcome } from './evaluate-rule.ts';
import type { CONFIDENCES } from './rules-schema.ts';

/** How far the data trusts a law: statute text read, secondary summaries, or conflicting sources. */
export type RecountConfidence = (typeof CONFIDENCES)[number];

/** The pair a margin was measured between. */
export interface RecountMarginSummary {
  /** The last winner (the leader in a vote-for-1 contest; the winning side of a measure). */
  readonly lastWinner: { readonly id: string; readonly votes: number } | null;
  /** The first loser (the runner-up; the losing side of a measure). */
  readonly firstLoser: { readonly id: string; readonly votes: number } | null;
  readonly marginVotes: number | null;
  readonly tie: boolean;
  /** A tie between the last winner and the first loser of a vote-for-N contest, N > 1. */
  readonly tieForLastSeat: boolean;
  /** All votes for the office or measure, write-ins included. */
  readonly totalVotes: number;
  readonly seats: number;
}

/** The rule a result was decided by, in the data's own words. */
export interface RecountRuleText {
  readonly summary: string;
  readonly scope: string;
  readonly expr: string;
  readonly statuteQuote: string | null;
}

/** Whether the law orders a recount by itself. */
export interface AutomaticRecount {
  /** Some automatic-recount rule covers this contest. */
  readonly applies: boolean;
  readonly triggered: boolean;
  readonly marginVotes: number | null;
  /** The largest margin that still triggers; null when no margin rule applies. */
  readonly thresholdVotes: number | null;
  /** `marginVotes - thresholdVotes`: 0 or less when triggered. */
  readonly distanceVotes: number | null;
  readonly binding: BindingCondition | null;
  readonly rule: RecountRuleText | null;
  readonly citation: string | null;
  readonly confidence: RecountConfidence;
  readonly uncertain: boolean;
  readonly reason: string;
  readonly waivable: string | null;
  readonly whoPays: string | null;
  /** Follow-up stages (a manual recount after a machine recount) and discretionary recounts. */
  readonly followups: readonly RuleOutcome[];
  /** Every automatic rule that covers the contest. */
  readonly rules: readonly RuleOutcome[];
}

/** Whether a recount may be asked for, and at whose cost. */
export interface RequestedRecount {
  readonly available: boolean;
  /** Only a restricted recount may be asked for (e.g. Illinois' discovery recount). */
  readonly limited: boolean;
  /** The margin is within the requestable threshold, or a request needs no margin. */
  readonly triggered: boolean;
  readonly whoMayRequest: string | null;
  readonly marginVotes: number | null;
  /** The largest margin at which a request is allowed; null when no margin limits it. */
  readonly thresholdVotes: number | null;
  readonly binding: BindingCondition | null;
  readonly whoPays: string | null;
  /** True when within a free or publicly funded margin, false when outside it, null when the law sets none. */
  readonly publicCost: boolean | null;
  readonly publicCostThresholdVotes: number | null;
  readonly deadline: string | null;
  readonly citation: string | null;
  readonly confidence: RecountConfidence;
  readonly uncertain: boolean;
  readonly reason: string;
  readonly rules: readonly RuleOutcome[];
}

/** A contest checked against its state's recount law. */
export interface RecountEvaluation {
  readonly state: string;
  readonly stateName: string;
  /** The date the rules table was compiled: the law it describes is the law of that date. */
  readonly lawAsOf: string;
  readonly margin: RecountMarginSummary;
  readonly automatic: AutomaticRecount;
  readonly requested: RequestedRecount;
}
