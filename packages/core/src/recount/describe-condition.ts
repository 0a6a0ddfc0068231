import type { BindingCondition } from './evaluate-rule-test.ts';
import { groupDigits } from './format-votes.ts';
import type { Denominator } from './recount-scope.ts';

const LABELS: Readonly<Record<Denominator, string>> = {
  T_office: 'the votes cast for the office',
  T_top2: 'the votes for the two compared choices',
  V_winner: "the leader's votes",
  V_low_win: "the last winner's votes",
  T_measure: 'the votes on the measure',
  B_contest: 'the ballots cast',
  T_stwide: 'the votes cast in the statewide election',
  T_office_per_seat: 'the votes cast for the office per seat',
};

/** Words for a denominator, e.g. "the votes cast for the office". */
export function denominatorLabel(name: Denominator): string {
  return LABELS[name];
}

/**
 * The condition that sets a threshold, in words.
 * @example describeCondition({ kind: 'votes', votes: 25n, cmp: '<=' }) // 'not more than 25 votes'
 */
export function describeCondition(binding: BindingCondition): string {
  const relation = binding.cmp === '<=' ? 'not more than' : 'less than';
  if (binding.kind === 'votes')
    return `${relation} ${groupDigits(binding.votes)} ${binding.votes === 1n ? 'vote' : 'votes'}`;
  const total = binding.denominator.den === 1n ? ` (${groupDigits(binding.denominator.num)})` : '';
  return `${relation} ${binding.pct}% of ${LABELS[binding.of]}${total}`;
}
