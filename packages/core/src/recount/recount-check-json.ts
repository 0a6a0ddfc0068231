import type { BindingCondition } from './evaluate-rule-test.ts';
import type { RecountEvaluation } from './recount-evaluation.ts';
import { describeCondition } from './describe-condition.ts';

/** The JSON the CLI's `canvass recount` prints for one contest: plain numbers and strings only. */
export interface RecountCheckJson {
  readonly state: string;
  readonly lawAsOf: string;
  readonly margin: {
    readonly lastWinner: string | null;
    readonly firstLoser: string | null;
    readonly marginVotes: number | null;
    readonly totalVotes: number;
    readonly tie: boolean;
  };
  readonly automatic: {
    readonly applies: boolean;
    readonly triggered: boolean;
    readonly marginVotes: number | null;
    readonly thresholdVotes: number | null;
    readonly distanceVotes: number | null;
    readonly condition: string | null;
    /** The deciding rule's formula, as the data states it. */
    readonly rule: string | null;
    /** The law in words (the data's summary) and the statute's text where it was read. */
    readonly ruleText: string | null;
    readonly statuteQuote: string | null;
    readonly citation: string | null;
    readonly confidence: string;
    readonly uncertain: boolean;
    readonly reason: string;
  };
  readonly requested: {
    readonly available: boolean;
    readonly triggered: boolean;
    readonly thresholdVotes: number | null;
    readonly condition: string | null;
    readonly whoMayRequest: string | null;
    readonly whoPays: string | null;
    readonly publicCost: boolean | null;
    readonly deadline: string | null;
    readonly citation: string | null;
    readonly confidence: string;
    readonly uncertain: boolean;
    readonly reason: string;
  };
}

const words = (binding: BindingCondition | null): string | null =>
  binding === null ? null : describeCondition(binding);

/**
 * Flattens an evaluation into the CLI's JSON shape (no bigints, no nested rule lists).
 * @example JSON.stringify(recountCheckJson(evaluation)) // '{"state":"AL",...,"automatic":{"triggered":false,...}}'
 */
export function recountCheckJson(evaluation: RecountEvaluation): RecountCheckJson {
  const { automatic: auto, requested: req, margin } = evaluation;
  return {
    state: evaluation.state,
    lawAsOf: evaluation.lawAsOf,
    margin: {
      lastWinner: margin.lastWinner?.id ?? null,
      firstLoser: margin.firstLoser?.id ?? null,
      marginVotes: margin.marginVotes,
      totalVotes: margin.totalVotes,
      tie: margin.tie,
    },
    automatic: {
      applies: auto.applies,
      triggered: auto.triggered,
      marginVotes: auto.marginVotes,
      thresholdVotes: auto.thresholdVotes,
      distanceVotes: auto.distanceVotes,
      condition: words(auto.binding),
      rule: auto.rule?.expr ?? null,
      ruleText: auto.rule?.summary ?? null,
      statuteQuote: auto.rule?.statuteQuote ?? null,
      citation: auto.citation,
      confidence: auto.confidence,
      uncertain: auto.uncertain,
      reason: auto.reason,
    },
    requested: {
      available: req.available,
      triggered: req.triggered,
      thresholdVotes: req.thresholdVotes,
      condition: words(req.binding),
      whoMayRequest: req.whoMayRequest,
      whoPays: req.whoPays,
      publicCost: req.publicCost,
      deadline: req.deadline,
      citation: req.citation,
      confidence: req.confidence,
      uncertain: req.uncertain,
      reason: req.reason,
    },
  };
}
