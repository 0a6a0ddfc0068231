import { err, ok, type Result } from '../util/result.ts';
import { contestMargin, type ContestMargin } from './contest-margin.ts';
import { contestTotals, type ContestTotals } from './contest-totals.ts';
import { describeCondition } from './describe-condition.ts';
import { evaluateRule, type RuleOutcome } from './evaluate-rule.ts';
import { groupDigits } from './format-votes.ts';
import type { RecountInput, RecountInputError } from './recount-input.ts';
import type {
  AutomaticRecount,
  RecountEvaluation,
  RecountMarginSummary,
  RequestedRecount,
} from './recount-evaluation.ts';
import { ruleApplies } from './rule-applies.ts';
import type { RecountRule, RecountRules, StateRecountLaw } from './rules-schema.ts';

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

/** The outcome that decides: a triggered rule before one that is not, then the wider threshold. */
function headline(outcomes: readonly RuleOutcome[]): RuleOutcome | undefined {
  const rank = (o: RuleOutcome): bigint =>
    (o.thresholdVotes ?? -1n) + (o.triggered ? 1n << 62n : 0n);
  return [...outcomes].sort((a, b) => (rank(a) === rank(b) ? 0 : rank(a) > rank(b) ? -1 : 1))[0];
}

function toNumber(value: bigint | null): number | null {
  return value === null ? null : Number(value);
}

function votesText(value: bigint): string {
  return `${groupDigits(value)} ${value === 1n ? 'vote' : 'votes'}`;
}

function contestWords(input: RecountInput): string {
  return `a ${input.electionType} election for a ${input.scope} ${input.kind === 'measure' ? 'measure' : 'office'}`;
}

function automaticRecount(
  law: StateRecountLaw,
  input: RecountInput,
  margin: ContestMargin,
  all: readonly RuleOutcome[],
): AutomaticRecount {
  const auto = law.automatic;
  const rules = all.filter((o) => o.purpose === 'automatic');
  const followups = all.filter(
    (o) => o.purpose === 'automatic-followup' || o.purpose === 'discretionary',
  );
  const main = headline(rules.filter((o) => o.evaluable)) ?? rules[0];
  const lawUncertain = auto.confidence === 'uncertain';
  const common = {
    marginVotes: toNumber(margin.marginVotes),
    citation: auto.citation,
    confidence: auto.confidence,
    waivable: auto.waivable ?? null,
    whoPays: auto.who_pays ?? null,
    followups,
    rules,
  };
  if (main === undefined) {
    const reason = auto.exists
      ? `${law.state}'s automatic recount (${auto.offices ?? auto.summary}; ${auto.elections ?? 'elections as stated'}) does not cover ${contestWords(input)}.`
      : `No automatic recount in ${law.state}: ${auto.summary}`;
    return {
      ...common,
      applies: false,
      triggered: false,
      thresholdVotes: null,
      distanceVotes: null,
      binding: null,
      rule: null,
      uncertain: lawUncertain,
      reason,
    };
  }
  const uncertainReasons = [...new Set(rules.flatMap((o) => o.uncertain))];
  const evaluable = rules.filter((o) => o.evaluable);
  if (evaluable.some((o) => o.triggered) && evaluable.some((o) => !o.triggered)) {
    uncertainReasons.push('Rules that may cover this contest disagree.');
  }
  const triggered = evaluable.some((o) => o.triggered);
  const threshold = main.thresholdVotes;
  const m = margin.marginVotes;
  const citation = auto.citation ?? 'the statute';
  let reason: string;
  if (margin.pair === null)
    reason = 'Uncontested: there is no losing choice to measure a margin against.';
  else if (margin.totalVotes === 0n) reason = 'No votes counted yet.';
  else if (!main.evaluable) reason = `${main.scope}: Canvass cannot evaluate this rule.`;
  else if (m === null) reason = 'No margin.';
  else if (triggered && m === 0n) {
    reason = `${margin.seats > 1 ? 'Tie for the last seat' : 'Tie'} (margin 0): automatic recount under ${citation}.`;
  } else if (threshold === null || main.binding === null) {
    reason = `No margin triggers the automatic recount at these totals (${main.expr}).`;
  } else if (triggered) {
    reason = `Margin of ${votesText(m)} is within the automatic-recount threshold of ${votesText(threshold)} (${describeCondition(main.binding)}): automatic recount under ${citation}.`;
  } else {
    reason = `Margin of ${votesText(m)} is more than ${votesText(threshold)}, the largest that triggers an automatic recount (${describeCondition(main.binding)}).`;
  }
  if (uncertainReasons.length > 0) reason += ` Uncertain: ${uncertainReasons.join(' ')}`;
  return {
    ...common,
    applies: true,
    triggered,
    thresholdVotes: toNumber(threshold),
    distanceVotes: m === null || threshold === null ? null : Number(m - threshold),
    binding: main.binding,
    rule: {
      summary: auto.summary,
      scope: main.scope,
      expr: main.expr,
      statuteQuote: auto.statute_quote ?? null,
    },
    uncertain: lawUncertain || uncertainReasons.length > 0,
    reason,
  };
}

function requestedRecount(
  law: StateRecountLaw,
  margin: ContestMargin,
  totals: ContestTotals,
  all: readonly RuleOutcome[],
  input: RecountInput,
): RequestedRecount {
  const req = law.requested;
  const eligibility = all.filter((o) => o.purpose === 'request-eligibility');
  const free = all.filter((o) => o.purpose === 'request-public');
  const tiers = all.filter((o) => o.purpose === 'request-cost-tier');
  const covers =
    req.applies === undefined || ruleApplies({ applies: req.applies }, input, totals.value).matches;
  const available = req.available !== false && covers;
  const hasEligibilityRules = [...law.requested.rules, ...law.automatic.rules].some(
    (rule) => rule.purpose === 'request-eligibility',
  );
  const uncertainReasons = [...new Set([...eligibility, ...free].flatMap((o) => o.uncertain))];
  const main = headline(eligibility.filter((o) => o.evaluable)) ?? eligibility[0];
  const freeMain = headline(free.filter((o) => o.evaluable));
  const m = margin.marginVotes;
  const publicCost =
    freeMain === undefined || m === null ? null : free.some((o) => o.evaluable && o.triggered);
  let triggered: boolean;
  let reason: string;
  if (!available) {
    triggered = false;
    reason =
      req.available === false
        ? `No requested recount in ${law.state}${req.citation.startsWith('(') ? ` ${req.citation}` : ''}.`
        : `${law.state} allows requested recounts only for other contests than ${contestWords(input)} (who may ask: ${req.who_may_request ?? 'not in the data'}).`;
  } else if (margin.pair === null || m === null) {
    triggered = false;
    reason = 'Uncontested: there is no losing choice to ask for a recount.';
  } else if (main !== undefined) {
    triggered = eligibility.some((o) => o.evaluable && o.triggered);
    if (!main.evaluable) uncertainReasons.push(`${main.scope}: Canvass cannot evaluate this rule.`);
    reason =
      main.thresholdVotes === null || main.binding === null
        ? `No margin allows a request at these totals (${main.expr}).`
        : `${triggered ? 'May be requested' : 'May not be requested'}: margin of ${votesText(m)} ${triggered ? 'is within' : 'is more than'} ${votesText(main.thresholdVotes)} (${describeCondition(main.binding)}).`;
  } else if (hasEligibilityRules) {
    triggered = false;
    uncertainReasons.push(`The requestable margin for ${contestWords(input)} is not in the data.`);
    reason = `${law.state} limits requests by margin, but no margin rule in the data covers this contest.`;
  } else {
    triggered = true;
    reason = 'May be requested at any margin.';
  }
  if (
    available &&
    publicCost !== null &&
    freeMain?.thresholdVotes != null &&
    freeMain.binding !== null
  ) {
    reason += publicCost
      ? ` Publicly funded: within ${votesText(freeMain.thresholdVotes)} (${describeCondition(freeMain.binding)}).`
      : ` Not publicly funded: outside ${votesText(freeMain.thresholdVotes)} (${describeCondition(freeMain.binding)}).`;
  }
  if (uncertainReasons.length > 0) reason += ` Uncertain: ${uncertainReasons.join(' ')}`;
  return {
    available,
    limited: req.available === 'limited',
    triggered,
    whoMayRequest: req.who_may_request,
    marginVotes: toNumber(m),
    thresholdVotes: main === undefined ? null : toNumber(main.thresholdVotes),
    binding: main?.binding ?? null,
    whoPays: req.cost,
    publicCost,
    publicCostThresholdVotes: freeMain === undefined ? null : toNumber(freeMain.thresholdVotes),
    deadline: req.deadline,
    citation: req.citation,
    confidence: req.confidence,
    uncertain: req.confidence === 'uncertain' || uncertainReasons.length > 0,
    reason,
    rules: [...eligibility, ...free, ...tiers],
  };
}
