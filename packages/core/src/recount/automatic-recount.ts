import type { ContestMargin } from './contest-margin.ts';
import { describeCondition } from './describe-condition.ts';
import type { RuleOutcome } from './evaluate-rule.ts';
import { contestWords, headline, toNumber, votesText } from './outcome-words.ts';
import type { RecountInput } from './recount-input.ts';
import type { AutomaticRecount } from './recount-evaluation.ts';
import type { StateRecountLaw } from './rules-schema.ts';

/**
 * The automatic-recount part of an evaluation: the rules that cover the contest, the one that
 * decides, and why. Follow-up stages and discretionary recounts are listed, not decisive.
 * @example automaticRecount(law, input, margin, outcomes).triggered
 */
export function automaticRecount(
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
      ? `${law.state}'s automatic recount does not cover ${contestWords(input)}. Offices: ${auto.offices ?? auto.summary} Elections: ${auto.elections ?? 'as stated in the summary.'}`
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
  else if (!main.evaluable)
    reason = `Whether a recount is automatic depends on ${main.expr}, which Canvass cannot evaluate.`;
  else if (m === null) reason = 'No margin.';
  else if (triggered && m === 0n) {
    reason = `${margin.seats > 1 ? 'Tie for the last seat' : 'Tie'} (margin 0): automatic recount under ${citation}.`;
  } else if (
    main.binding?.kind === 'votes' &&
    main.binding.votes === 0n &&
    main.binding.cmp === '<='
  ) {
    reason = `Not tied (margin of ${votesText(m)}): only a tie triggers an automatic recount under ${citation}.`;
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
