import type { RuleOutcome } from './evaluate-rule.ts';
import { groupDigits } from './format-votes.ts';
import type { RecountInput } from './recount-input.ts';

/** The outcome that decides: a triggered rule before one that is not, then the wider threshold. */
export function headline(outcomes: readonly RuleOutcome[]): RuleOutcome | undefined {
  const better = (a: RuleOutcome, b: RuleOutcome): boolean => {
    if (a.triggered !== b.triggered) return a.triggered;
    return (a.thresholdVotes ?? -1n) > (b.thresholdVotes ?? -1n);
  };
  return outcomes.reduce<RuleOutcome | undefined>(
    (best, o) => (best === undefined || better(o, best) ? o : best),
    undefined,
  );
}

/** A vote count for output: counts come from safe integers, so they convert exactly. */
export function toNumber(value: bigint | null): number | null {
  return value === null ? null : Number(value);
}

/** "1 vote", "1,234 votes". */
export function votesText(value: bigint): string {
  return `${groupDigits(value)} ${value === 1n ? 'vote' : 'votes'}`;
}

const SCOPE_WORDS: Readonly<Record<RecountInput['scope'], string>> = {
  president: 'presidential',
  'us-senate': 'U.S. Senate',
  'us-house': 'U.S. House',
  statewide: 'statewide',
  'state-senate': 'state senate',
  'state-house': 'state house',
  'judicial-statewide': 'statewide judicial',
  'judicial-district': 'district judicial',
  county: 'county',
  municipal: 'municipal',
  'school-special-district': 'school or special district',
  'other-district': 'district',
};

/** A contest in words, e.g. "a U.S. Senate contest in a general election". */
export function contestWords(input: RecountInput): string {
  const what = input.kind === 'measure' ? 'measure' : 'contest';
  return `a ${SCOPE_WORDS[input.scope]} ${what} in a ${input.electionType} election`;
}
