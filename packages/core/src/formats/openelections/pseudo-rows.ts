import type { UnitFact } from '../../model/contest.ts';
import { TARGET_BLANK, TARGET_OVERVOTES, TARGET_UNDERVOTES } from '../../model/submission.ts';
import { normalizeName } from './normalize.ts';

/** What a row is about, decided from its office and candidate cells. */
export type RowKind =
  | { readonly kind: 'fact'; readonly fact: UnitFact }
  | { readonly kind: 'target'; readonly target: number }
  | { readonly kind: 'write-in' }
  /** A derived row (a contest's `Total Votes`): never counted. */
  | { readonly kind: 'derived' }
  | { readonly kind: 'choice' };

const FACT_PATTERNS: readonly (readonly [RegExp, UnitFact])[] = [
  [
    /^(TOTAL )?REGISTERED VOTERS?( - TOTAL| TOTAL)?$|^REGISTRATION$|^VOTER REGISTRATION$/,
    'registered-voters',
  ],
  [/^BALLOTS CAST - BLANK$|^BALLOTS CAST BLANK$|^BLANK BALLOTS( CAST)?$/, 'ballots-blank'],
  [
    /^(TOTAL )?BALLOTS CAST( - TOTAL| TOTAL)?$|^BALLOTS$|^TOTAL BALLOTS$|^VOTERS CAST$|^TURNOUT$/,
    'ballots-cast',
  ],
  [/^TIMES COUNTED$|^TIMES CAST$/, 'times-counted'],
];

const TARGET_PATTERNS: readonly (readonly [RegExp, number])[] = [
  [/^OVER ?VOTES?$|^OVER-VOTES?$/, TARGET_OVERVOTES],
  [/^UNDER ?VOTES?$|^UNDER-VOTES?$/, TARGET_UNDERVOTES],
  [/^BLANKS?( VOTES?)?$/, TARGET_BLANK],
];

const WRITE_IN =
  /^(TOTAL )?WRITE[- ]?INS?( VOTES| TOTALS?)?$|^SCATTER(ED|ING)$|^UNRESOLVED WRITE[- ]?INS?$/;
const DERIVED = /^TOTAL( VOTES?)?( CAST)?$|^TOTALS$|^VOTES CAST$/;
const STRAIGHT_PARTY = /^STRAIGHT[- ](PARTY|TICKET)\b/;

/**
 * Classifies a row by its office and candidate. Facts (registered voters, ballots cast, ...)
 * are recognised as offices or as candidates; over/under/blank votes and write-ins only as
 * candidates of a real contest.
 * @example classifyRow('REGISTERED VOTERS - TOTAL', 'Registered Voters - Total') // { kind: 'fact', fact: 'registered-voters' }
 */
export function classifyRow(office: string, candidate: string): RowKind {
  const fact = officeFact(office);
  return fact === null ? classifyCandidate(candidate) : { kind: 'fact', fact };
}

/**
 * The unit fact an office row holds (`REGISTERED VOTERS - TOTAL`, `Ballots Cast`), or null for
 * a real contest.
 * @example officeFact('BALLOTS CAST - BLANK') // 'ballots-blank'
 */
export function officeFact(office: string): UnitFact | null {
  return matchFact(normalizeName(office));
}

/**
 * What a candidate cell names: a unit fact, an over/under/blank target, the write-in choice, a
 * derived total that must not be counted, or a real choice.
 * @example classifyCandidate('Under Votes') // { kind: 'target', target: TARGET_UNDERVOTES }
 */
export function classifyCandidate(candidate: string): RowKind {
  const name = normalizeName(candidate);
  const fact = matchFact(name);
  if (fact !== null) return { kind: 'fact', fact };
  for (const [pattern, target] of TARGET_PATTERNS)
    if (pattern.test(name)) return { kind: 'target', target };
  if (WRITE_IN.test(name)) return { kind: 'write-in' };
  if (DERIVED.test(name)) return { kind: 'derived' };
  return { kind: 'choice' };
}

/** Whether an office is a straight-party (straight-ticket) choice rather than a race. */
export function isStraightPartyOffice(office: string): boolean {
  return STRAIGHT_PARTY.test(normalizeName(office));
}

function matchFact(name: string): UnitFact | null {
  for (const [pattern, fact] of FACT_PATTERNS) if (pattern.test(name)) return fact;
  return null;
}
