import type { ContestMargin } from './contest-margin.ts';
import { denominatorsIn, type ContestTotals } from './contest-totals.ts';
import { evaluateRuleTest, type BindingCondition } from './evaluate-rule-test.ts';
import type { RecountRule } from './rules-schema.ts';

/** One rule evaluated against one contest. */
export interface RuleOutcome {
  readonly purpose: RecountRule['purpose'];
  /** The rule's scope and formula as the data states them. */
  readonly scope: string;
  readonly expr: string;
  readonly integerTest: string;
  readonly note: string | null;
  /** False when Canvass cannot evaluate the rule (it needs data Canvass does not model). */
  readonly evaluable: boolean;
  readonly triggered: boolean;
  /** The largest margin that triggers the rule; null when none does or it is not evaluable. */
  readonly thresholdVotes: bigint | null;
  /** The condition that sets the threshold. */
  readonly binding: BindingCondition | null;
  readonly uncertain: readonly string[];
}

/**
 * Evaluates one rule for a contest whose margin is known. `matchUncertain` carries doubts from
 * matching the rule to the contest.
 * @example evaluateRule(rule, margin, totals, []).triggered
 */
export function evaluateRule(
  rule: RecountRule,
  margin: ContestMargin,
  totals: ContestTotals,
  matchUncertain: readonly string[],
): RuleOutcome {
  const base = {
    purpose: rule.purpose,
    scope: rule.scope,
    expr: rule.expr,
    integerTest: rule.integer_test,
    note: rule.test_note ?? rule.note ?? null,
  };
  const uncertain = [...matchUncertain];
  if (rule.test === null) {
    return {
      ...base,
      evaluable: false,
      triggered: false,
      thresholdVotes: null,
      binding: null,
      uncertain: [...uncertain, 'Canvass cannot evaluate this rule.'],
    };
  }
  if (margin.marginVotes === null) {
    return {
      ...base,
      evaluable: true,
      triggered: false,
      thresholdVotes: null,
      binding: null,
      uncertain,
    };
  }
  if (margin.totalVotes === 0n) {
    // Nothing counted: a 0-0 "tie" is no result, not a close one.
    return {
      ...base,
      evaluable: true,
      triggered: false,
      thresholdVotes: null,
      binding: null,
      uncertain,
    };
  }
  const outcome = evaluateRuleTest(rule.test, margin.marginVotes, totals.value);
  const leansOn = denominatorsIn(rule.test).filter((name) => totals.assumed.has(name));
  if (leansOn.length > 0 && !outcome.triggered) {
    uncertain.push(
      `The rule measures against ${leansOn.includes('T_stwide') ? 'the votes cast in the statewide election' : 'the ballots cast'}, which were not given; votes for the office were used, and the larger total might trigger.`,
    );
  }
  if (denominatorsIn(rule.test).includes('T_stwide') && !totals.assumed.has('T_stwide')) {
    // Michigan's "votes cast in that statewide election" may mean votes for the office or all
    // ballots; the data asks to flag results on which the two readings differ.
    const officeOnly = evaluateRuleTest(rule.test, margin.marginVotes, (name) =>
      totals.value(name === 'T_stwide' ? 'T_office' : name),
    );
    if (officeOnly.triggered !== outcome.triggered) {
      uncertain.push(
        'The two readings of "votes cast in that statewide election" (votes for the office, all ballots) disagree.',
      );
    }
  }
  const threshold = outcome.threshold;
  return {
    ...base,
    evaluable: true,
    triggered: outcome.triggered,
    thresholdVotes: threshold.kind === 'up-to' ? threshold.votes : null,
    binding: threshold.kind === 'up-to' ? threshold.binding : null,
    uncertain,
  };
}
