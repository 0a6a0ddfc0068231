import { assertNever } from '../util/assert.ts';
import { groupDigits } from './format-votes.ts';
import { percentBeside } from './format-percent.ts';
import { compareRationals, parsePercent } from './rational.ts';
import type { RecountEvaluation } from './recount-evaluation.ts';

/**
 * The sentence the results page shows beside a contest's margin. Percentages are computed from
 * the vote counts in integers and rounded for display only.
 * @example
 * formatRecountBadge(alabama2017) // 'Outside the automatic-recount margin: 1.63% > 0.5%'
 * formatRecountBadge(close)       // 'Within the automatic-recount margin (0.5%): automatic recount'
 */
export function formatRecountBadge(evaluation: RecountEvaluation): string {
  const auto = evaluation.automatic;
  const caveat = auto.uncertain ? ' (rule uncertain: check the statute)' : '';
  if (evaluation.margin.marginVotes === null) return 'Uncontested: no recount margin';
  if (!auto.applies) {
    const req = evaluation.requested;
    if (req.available && req.triggered) return 'No automatic recount; a recount may be requested';
    return 'No automatic recount';
  }
  const binding = auto.binding;
  const margin = BigInt(evaluation.margin.marginVotes);
  if (binding === null) {
    return `${auto.triggered ? 'Automatic recount' : 'Outside the automatic-recount margin'}${caveat}`;
  }
  switch (binding.kind) {
    case 'votes': {
      if (binding.votes === 0n && binding.cmp === '<=') {
        const tie = evaluation.margin.seats > 1 ? 'Tied for the last seat' : 'Tied';
        return `${auto.triggered ? `${tie}: automatic recount` : 'Not tied: no automatic recount (only a tie triggers one)'}${caveat}`;
      }
      const limit = `${groupDigits(binding.votes)} votes`;
      if (auto.triggered)
        return `Within the automatic-recount margin (${binding.cmp === '<' ? 'under ' : ''}${limit}): automatic recount${caveat}`;
      const relation = margin === binding.votes ? '≥' : '>';
      return `Outside the automatic-recount margin: ${groupDigits(margin)} votes ${relation} ${limit}${caveat}`;
    }
    case 'share': {
      const limit = `${binding.pct}%`;
      if (auto.triggered)
        return `Within the automatic-recount margin (${binding.cmp === '<' ? 'under ' : ''}${limit}): automatic recount${caveat}`;
      const share = { num: margin * binding.denominator.den, den: binding.denominator.num };
      if (share.den === 0n) return `Outside the automatic-recount margin${caveat}`;
      const target = parsePercent(binding.pct);
      const relation = target !== null && compareRationals(share, target) === 0 ? '≥' : '>';
      return `Outside the automatic-recount margin: ${percentBeside(share, binding.pct)}% ${relation} ${limit}${caveat}`;
    }
    default:
      return assertNever(binding, 'unknown binding condition');
  }
}
