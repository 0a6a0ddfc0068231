import type { ElectionDefinition } from '../model/election.ts';
import { consistencyWarnings, type ConsistencyWarning } from './consistency.ts';
import { contestResult, type ContestResult } from './contest-results.ts';
import type { ElectionTally } from './election-tally.ts';
import { slotsByCounty, slotsByPrecinct, type SlotGroup } from './groupings.ts';

/** Results for one unit of a breakdown (a county, or a precinct). */
export interface UnitContestResult extends ContestResult {
  readonly unitId: string | null;
  readonly unitName: string;
  /** For a precinct breakdown: whether the unit is a pseudo-precinct (absentee, provisional, ...). */
  readonly pseudo: boolean;
}

/** One contest in a results document. */
export interface ContestDocument extends ContestResult {
  readonly id: string;
  readonly name: string;
  readonly office: string;
  readonly district: string | null;
  readonly kind: string;
  readonly votesAllowed: number;
  readonly seats: number;
  /** Present with `by: 'county'`. */
  readonly counties?: readonly UnitContestResult[];
  /** Present with `by: 'precinct'`. */
  readonly precincts?: readonly UnitContestResult[];
}

/**
 * The stable JSON shape of an election's results (`canvass results --json`). Documented in
 * docs/results-json.md; fields are only ever added.
 */
export interface ResultsDocument {
  readonly schema: 'canvass.results/1';
  readonly election: {
    readonly id: string;
    readonly name: string;
    readonly date: string;
    readonly state: string | null;
    readonly type: ElectionDefinition['type'];
    readonly definitionHash: string;
  };
  /** How many submissions the figures include. */
  readonly version: number;
  readonly contests: readonly ContestDocument[];
  readonly warnings: readonly ConsistencyWarning[];
}

/** What to include in a results document. */
export interface ResultsOptions {
  /** Keep only contests whose id or name equals this (case-insensitive), or whose name contains it. */
  readonly contest?: string | null;
  readonly by?: 'county' | 'precinct' | null;
  /** With `by: 'precinct'`, keep one county's precincts (its unit id or name). */
  readonly county?: string | null;
}

/**
 * Builds the results document for a tally.
 * @example resultsDocument(tally, hash, { by: 'county' }).contests[0].counties?.length // 67
 */
export function resultsDocument(
  tally: ElectionTally,
  definitionHash: string,
  options: ResultsOptions = {},
): ResultsDocument {
  const { definition } = tally;
  const contestIndices = selectContests(definition, options.contest ?? null);
  const selectedIds = new Set(contestIndices.map((index) => definition.contests[index]?.id));
  const countyId = resolveCounty(definition, options.county ?? null);
  return {
    schema: 'canvass.results/1',
    election: {
      id: definition.id,
      name: definition.name,
      date: definition.date,
      state: definition.state,
      type: definition.type,
      definitionHash,
    },
    version: tally.submissions,
    contests: contestIndices.map((index) => {
      const contest = definition.contests[index];
      if (contest === undefined) throw new Error(`no contest at ${index}`);
      const base = {
        id: contest.id,
        name: contest.name,
        office: contest.office,
        district: contest.district,
        kind: contest.kind,
        votesAllowed: contest.votesAllowed,
        seats: contest.seats,
        ...contestResult(tally, index, null),
      };
      if (options.by === 'county')
        return {
          ...base,
          counties: slotsByCounty(tally, index).map((group) => unitResult(tally, index, group)),
        };
      if (options.by === 'precinct') {
        const groups = slotsByPrecinct(tally, index, countyId);
        return { ...base, precincts: groups.map((group) => unitResult(tally, index, group)) };
      }
      return base;
    }),
    warnings: consistencyWarnings(tally).filter(
      (warning) => warning.contestId === null || selectedIds.has(warning.contestId),
    ),
  };
}

function unitResult(
  tally: ElectionTally,
  contestIndex: number,
  group: SlotGroup,
): UnitContestResult {
  return {
    unitId: group.unit?.id ?? null,
    unitName: group.unit?.name ?? '(no county)',
    pseudo: group.unit?.kind === 'pseudo',
    ...contestResult(tally, contestIndex, group.slots),
  };
}

function resolveCounty(definition: ElectionDefinition, query: string | null): string | null {
  if (query === null) return null;
  const wanted = query.toLowerCase();
  const county = definition.units.find(
    (unit) =>
      unit.kind === 'county' &&
      (unit.id.toLowerCase() === wanted || unit.name.toLowerCase() === wanted),
  );
  // An unknown county selects nothing rather than everything.
  return county?.id ?? `\u0000${query}`;
}

function selectContests(definition: ElectionDefinition, query: string | null): number[] {
  const all = definition.contests.map((_, index) => index);
  if (query === null) return all;
  const wanted = query.toLowerCase();
  const exact = all.filter((index) => {
    const contest = definition.contests[index];
    return (
      contest !== undefined &&
      (contest.id.toLowerCase() === wanted || contest.name.toLowerCase() === wanted)
    );
  });
  if (exact.length > 0) return exact;
  return all.filter(
    (index) => definition.contests[index]?.name.toLowerCase().includes(wanted) === true,
  );
}
