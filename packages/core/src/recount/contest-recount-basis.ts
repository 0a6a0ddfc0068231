import type { Contest } from '../model/contest.ts';
import type { ElectionDefinition } from '../model/election.ts';
import type { OfficeScope, RecountContestKind, RecountElectionType } from './recount-scope.ts';

/** How an office scope was decided. */
export type OfficeScopeSource = 'office-name' | 'units';

/**
 * What the recount law needs to know about a contest, as far as its election definition tells:
 * the state, the election type, the contest kind and the office scope. A definition has no field
 * for the office's level, so the scope comes from the office's name ("United States Senator") or,
 * failing that, from where the contest is on the ballot: every reporting unit of the election
 * (statewide) or only some (one of the local or district scopes).
 */
export interface ContestRecountBasis {
  readonly state: string | null;
  readonly electionType: RecountElectionType | null;
  /** Null for a contest no recount law addresses (straight-party). */
  readonly kind: RecountContestKind | null;
  /** The scopes the contest may have; one when the scope is known. */
  readonly officeScopes: readonly OfficeScope[];
  readonly officeScopeFrom: OfficeScopeSource | null;
  readonly seats: number;
  /** The election's year, to pick the law then in force. */
  readonly year: number;
}

const NAMED_SCOPES: readonly (readonly [RegExp, OfficeScope])[] = [
  [/\bvice[- ]president\b|\bpresident\b|presidential elector/i, 'president'],
  [/\b(united states|u\.\s?s\.|us)\s+senat/i, 'us-senate'],
  [/\b(united states|u\.\s?s\.|us)\s+(house|representative|congress)|\bcongress/i, 'us-house'],
  [/\bstate senat/i, 'state-senate'],
  [
    /\bstate (house|representative)|house of (representatives|delegates)|\bassembly/i,
    'state-house',
  ],
  [/supreme court|court of (criminal |civil )?appeals|appellate/i, 'judicial-statewide'],
  [/circuit (court|judge)|district (court|judge)|superior court/i, 'judicial-district'],
  [
    /\b(lieutenant )?governor\b|attorney general|secretary of state|state (treasurer|auditor)|commissioner of agriculture|superintendent of (public )?(instruction|education)|comptroller|public service commission/i,
    'statewide',
  ],
  [
    /\bcounty\b|countywide|sheriff|probate|coroner|tax (assessor|collector)|circuit clerk/i,
    'county',
  ],
  [/\bcity\b|\bmayor\b|municipal|\btown\b|alderm[ae]n/i, 'municipal'],
  [
    /\bschool board|board of education|special district|fire district|water district/i,
    'school-special-district',
  ],
];

/** Every scope other than the statewide ones: what a contest on only part of the ballot may be. */
const PART_OF_STATE: readonly OfficeScope[] = [
  'us-house',
  'state-senate',
  'state-house',
  'judicial-district',
  'county',
  'municipal',
  'school-special-district',
  'other-district',
];
const WHOLE_STATE: readonly OfficeScope[] = [
  'president',
  'us-senate',
  'statewide',
  'judicial-statewide',
];
const LOCAL_MEASURE: readonly OfficeScope[] = [
  'county',
  'municipal',
  'school-special-district',
  'other-district',
];

/**
 * Decides a contest's recount basis from its election definition. Measures are scoped by where
 * they are on the ballot only, since their names ("4 MILL SCHOOL TAX") rarely say which
 * government put them there.
 * @example contestRecountBasis(alabama, senate) // { state: 'AL', electionType: 'special-general', officeScopes: ['us-senate'], ... }
 */
export function contestRecountBasis(
  definition: ElectionDefinition,
  contest: Contest,
): ContestRecountBasis {
  const kind: RecountContestKind | null =
    contest.kind === 'candidate'
      ? 'candidate'
      : contest.kind === 'measure' || contest.kind === 'retention'
        ? 'measure'
        : null;
  const base = {
    state: definition.state,
    electionType: definition.type === 'other' ? null : definition.type,
    kind,
    seats: contest.seats,
    year: Number(definition.date.slice(0, 4)),
  };
  if (kind === 'candidate') {
    const office = `${contest.office} ${contest.name}`;
    const named = NAMED_SCOPES.find(([pattern]) => pattern.test(office));
    if (named !== undefined)
      return { ...base, officeScopes: [named[1]], officeScopeFrom: 'office-name' };
  }
  const everywhere = onEveryUnit(definition, contest);
  if (kind === 'measure' && everywhere)
    return { ...base, officeScopes: ['statewide'], officeScopeFrom: 'units' };
  if (kind === 'measure') return { ...base, officeScopes: LOCAL_MEASURE, officeScopeFrom: 'units' };
  return {
    ...base,
    officeScopes: everywhere ? WHOLE_STATE : PART_OF_STATE,
    officeScopeFrom: 'units',
  };
}

// The precinct and pseudo-precinct ids of a definition, computed once per definition: results
// documents check every contest, and a national definition has a few hundred thousand units.
const leafIds = new WeakMap<ElectionDefinition, ReadonlySet<string>>();

// A contest on the ballot in every precinct and pseudo-precinct of the election.
function onEveryUnit(definition: ElectionDefinition, contest: Contest): boolean {
  let leaves = leafIds.get(definition);
  if (leaves === undefined) {
    leaves = new Set(
      definition.units
        .filter((unit) => unit.kind === 'precinct' || unit.kind === 'pseudo')
        .map((unit) => unit.id),
    );
    leafIds.set(definition, leaves);
  }
  if (leaves.size === 0 || contest.unitIds.length < leaves.size) return false;
  const known = leaves;
  return new Set(contest.unitIds.filter((id) => known.has(id))).size === leaves.size;
}
