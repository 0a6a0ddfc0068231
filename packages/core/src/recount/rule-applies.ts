import type { Rational } from './rational.ts';
import { totalWithin } from './evaluate-rule-test.ts';
import type { RecountInput } from './recount-input.ts';
import type { Denominator } from './recount-scope.ts';
import type { RecountRule } from './rules-schema.ts';

/** Whether a rule covers a contest, and any doubt the data records about that. */
export interface RuleMatch {
  readonly matches: boolean;
  readonly uncertain: readonly string[];
}

/**
 * Matches a rule's `applies` alternatives against a contest: election type, contest kind, office
 * scope, seats, bounds on the totals, and the years in which the rule was law.
 * @example ruleApplies(alabamaRule, { ...input, electionType: 'primary' }, totals).matches // false
 */
export function ruleApplies(
  rule: Pick<RecountRule, 'applies'>,
  input: RecountInput,
  denominator: (name: Denominator) => Rational,
): RuleMatch {
  const uncertain: string[] = [];
  let matches = false;
  for (const clause of rule.applies) {
    if (!clause.elections.includes(input.electionType)) continue;
    if (!clause.kinds.includes(input.kind)) continue;
    if (!clause.scopes.includes(input.scope)) continue;
    if (clause.max_seats !== undefined && input.seats > clause.max_seats) continue;
    if (
      clause.total !== undefined &&
      !totalWithin(denominator(clause.total.of), clause.total.min, clause.total.max)
    )
      continue;
    if (!inForce(clause.from_year, clause.until_year, input.electionYear)) continue;
    matches = true;
    if (clause.uncertain !== undefined) uncertain.push(clause.uncertain);
  }
  return { matches, uncertain };
}

// Without a year the current law applies: rules that ended (until_year) are left out.
function inForce(
  from: number | undefined,
  until: number | undefined,
  year: number | undefined,
): boolean {
  if (year === undefined) return until === undefined;
  return (from === undefined || year >= from) && (until === undefined || year <= until);
}
