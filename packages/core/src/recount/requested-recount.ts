import type { ContestMargin } from './contest-margin.ts';
import type { ContestTotals } from './contest-totals.ts';
import { describeCondition } from './describe-condition.ts';
import type { RuleOutcome } from './evaluate-rule.ts';
import { contestWords, headline, toNumber, votesText } from './outcome-words.ts';
import type { RecountInput } from './recount-input.ts';
import type { RequestedRecount } from './recount-evaluation.ts';
import { ruleApplies } from './rule-applies.ts';
import type { StateRecountLaw } from './rules-schema.ts';

/**
 * The requested-recount part of an evaluation: whether a request is possible for this contest,
 * within which margin, and whether it is publicly funded.
 * @example requestedRecount(law, margin, totals, outcomes, input).triggered
 */
export function requestedRecount(
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
    reason = !main.evaluable
      ? `Whether a request is allowed depends on ${main.expr}, which Canvass cannot evaluate.`
      : main.thresholdVotes === null || main.binding === null
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
