import { err, ok, type Result } from '../util/result.ts';
import { automaticRecount } from './automatic-recount.ts';
import { contestMargin, type ContestMargin } from './contest-margin.ts';
import { contestTotals } from './contest-totals.ts';
import { evaluateRule, type RuleOutcome } from './evaluate-rule.ts';
import type { RecountInput, RecountInputError } from './recount-input.ts';
import type { RecountEvaluation, RecountMarginSummary } from './recount-evaluation.ts';
import { requestedRecount } from './requested-recount.ts';
import { ruleApplies } from './rule-applies.ts';
import type { RecountRule, RecountRules } from './rules-schema.ts';

/**
 * Checks a contest's margin against its state's recount law: whether a recount is automatic,
 * whether one may be requested, the thresholds in votes, and the statute relied on. All threshold
 * tests run in integers (see {@link evaluateRuleTest}).
 * @example
 * const result = evaluateRecount(rules, {
 *   state: 'AL', electionType: 'special-general', scope: 'us-senate', kind: 'candidate', seats: 1,
 *   choices: [{ id: 'jones', votes: 673896 }, { id: 'moore', votes: 651972 },
 *             { id: 'write-in', votes: 22852, isWriteIn: true }],
 * });
 * // result.value.automatic: { triggered: false, marginVotes: 21924, thresholdVotes: 6743, ... }
 */
export function evaluateRecount(
  rules: RecountRules,
  input: RecountInput,
): Result<RecountEvaluation, RecountInputError> {
  const law = rules.states.find((state) => state.abbr === input.state);
  if (law === undefined) {
    return err({ code: 'unknown-state', message: `no recount law for state ${input.state}` });
  }
  const measured = contestMargin(input);
  if (!measured.ok) return measured;
  const margin = measured.value;
  const totals = contestTotals(
    margin,
    input.totalBallots === undefined ? undefined : BigInt(input.totalBallots),
  );
  const evaluated = (rule: RecountRule): RuleOutcome | null => {
    const match = ruleApplies(rule, input, totals.value);
    return match.matches ? evaluateRule(rule, margin, totals, match.uncertain) : null;
  };
  const all = [...law.automatic.rules, ...law.requested.rules]
    .map(evaluated)
    .filter((outcome): outcome is RuleOutcome => outcome !== null);
  return ok({
    state: law.abbr,
    stateName: law.state,
    lawAsOf: rules.generated,
    margin: marginSummary(margin),
    automatic: automaticRecount(law, input, margin, all),
    requested: requestedRecount(law, margin, totals, all, input),
  });
}

function marginSummary(margin: ContestMargin): RecountMarginSummary {
  const pair = margin.pair;
  return {
    lastWinner:
      pair === null ? null : { id: pair.lastWinner.id, votes: Number(pair.lastWinner.votes) },
    firstLoser:
      pair === null ? null : { id: pair.firstLoser.id, votes: Number(pair.firstLoser.votes) },
    marginVotes: margin.marginVotes === null ? null : Number(margin.marginVotes),
    tie: margin.marginVotes === 0n,
    tieForLastSeat: margin.marginVotes === 0n && margin.seats > 1,
    totalVotes: Number(margin.totalVotes),
    seats: margin.seats,
  };
}
