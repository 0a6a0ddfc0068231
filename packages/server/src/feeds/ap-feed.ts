import {
  contestResult,
  percent,
  slotsByCounty,
  type Contest,
  type ContestResult,
  type ElectionDefinition,
} from '@canvass/core';
import type { LiveElection } from '../live/live-election.ts';
import { officeIdOf, partyCode, raceTypeOf, splitName } from './ap-codes.ts';

/** A race's call, when the race-call feature has made one. */
export interface RaceCall {
  /** Choice ids of the winners (`X`), and of candidates advancing to a runoff (`R`). */
  readonly winners: readonly string[];
  readonly runoff?: readonly string[];
  readonly calledAt: string;
}

/** What the feed may know beyond the tally: calls and expected votes. */
export interface ApFeedSources {
  readonly call?: (electionId: string, contestId: string) => RaceCall | null;
  /** Expected total votes of a contest in a unit (the state when `unitId` is null), when known. */
  readonly expectedVotes?: (
    electionId: string,
    contestId: string,
    unitId: string | null,
  ) => number | null;
  /**
   * Changes whenever a call or an expected vote may have changed within one results version
   * (projections are made after a version is published), so cached feeds are rebuilt.
   */
  readonly revision?: (electionId: string) => string;
}

/** Options for {@link apFeed}. */
export interface ApFeedOptions {
  /** Only races changed after this version (`nextrequest`); null for every race. */
  readonly since: number | null;
  /** `state` for statewide figures only; `ru` adds every county. */
  readonly level: 'state' | 'ru';
  /** Only these race ids; null for all. */
  readonly raceIds: ReadonlySet<string> | null;
  /** The feed's own URL without query, for `nextrequest`. */
  readonly url: string;
}

/** One candidate in an AP-style reporting unit. */
export interface ApCandidate {
  readonly candidateID: string;
  readonly polID: string;
  readonly first: string;
  readonly last: string;
  readonly party?: string;
  readonly ballotOrder: number;
  readonly voteCount: number;
  readonly winner?: 'X' | 'R';
  readonly winnerDateTime?: string;
  readonly writeIn?: true;
}

/** One AP-style reporting unit (the state, or a county). */
export interface ApReportingUnit {
  readonly statePostal: string | null;
  readonly stateName?: string;
  readonly level: 'state' | 'county';
  readonly reportingunitID: string;
  readonly reportingunitName: string;
  readonly fipsCode?: string;
  readonly lastUpdated: string;
  readonly precinctsReporting: number;
  readonly precinctsTotal: number;
  readonly precinctsReportingPct: number;
  readonly eevp?: number;
  readonly candidates: readonly ApCandidate[];
}

/** One AP-style race. */
export interface ApRace {
  readonly test: false;
  readonly raceID: string;
  readonly raceType: string;
  readonly raceTypeID: string;
  readonly officeID: string;
  readonly officeName: string;
  readonly seatName?: string;
  readonly party?: string;
  readonly description: string;
  readonly uncontested: boolean;
  readonly numWinners: number;
  readonly eevp?: number;
  readonly raceCallStatus: 'Called' | 'Uncontested' | 'Not Called';
  readonly tabulationStatus: 'Not Yet Tabulated' | 'Active Tabulation' | 'Tabulation Complete';
  readonly lastUpdated: string;
  readonly reportingUnits: readonly ApReportingUnit[];
}

/** The AP-style feed document. */
export interface ApFeedDocument {
  readonly electionDate: string;
  readonly timestamp: string;
  readonly nextrequest: string;
  /** The election version the figures are at (Canvass's own field). */
  readonly version: number;
  readonly races: readonly ApRace[];
}

/**
 * An election's results in the shape newsroom tools built for the AP Elections API read: races,
 * reporting units (the state and, at level `ru`, each county), candidates with vote counts,
 * precincts reporting, expected vote percentage when known and winner flags. With `since`, only
 * races whose figures changed after that version.
 */
export function apFeed(
  election: LiveElection,
  options: ApFeedOptions,
  sources: ApFeedSources = {},
): ApFeedDocument {
  const { definition } = election.tally;
  const changedAt = lastChange(election, options.since);
  const races: ApRace[] = [];
  definition.contests.forEach((contest, index) => {
    if (options.raceIds !== null && !options.raceIds.has(contest.id)) return;
    if (options.since !== null && !changedAt.has(contest.id)) return;
    const updated = changedAt.get(contest.id) ?? lastTouched(election, contest.id);
    races.push(race(election, index, contest, updated, options.level, sources));
  });
  const next = new URLSearchParams({ since: String(election.version) });
  if (options.level !== 'ru') next.set('level', options.level);
  if (options.raceIds !== null) next.set('raceID', [...options.raceIds].join(','));
  return {
    electionDate: definition.date,
    timestamp: election.updatedAt,
    nextrequest: `${options.url}?${next.toString()}`,
    version: election.version,
    races,
  };
}

function race(
  election: LiveElection,
  index: number,
  contest: Contest,
  updated: string,
  level: 'state' | 'ru',
  sources: ApFeedSources,
): ApRace {
  const { tally } = election;
  const { definition } = tally;
  const call = sources.call?.(election.id, contest.id) ?? null;
  const candidates = contest.choices.filter((choice) => !choice.isWriteIn).length;
  const uncontested = candidates <= contest.seats && contest.kind === 'candidate';
  const winners = call?.winners ?? (uncontested ? contest.choices.map((choice) => choice.id) : []);
  const flags = { winners: new Set(winners), runoff: new Set(call?.runoff ?? []), call };
  const state = contestResult(tally, index, null);
  const stateUnit = definition.units.find((unit) => unit.kind === 'state');
  const units: ApReportingUnit[] = [
    unitOf(definition, contest, state, flags, updated, {
      level: 'state',
      id: stateUnit?.id ?? definition.state ?? definition.id,
      name: stateUnit?.name ?? definition.state ?? definition.name,
      expected: sources.expectedVotes?.(election.id, contest.id, null) ?? null,
    }),
  ];
  if (level === 'ru') {
    for (const group of slotsByCounty(tally, index)) {
      if (group.unit === null) continue;
      units.push(
        unitOf(definition, contest, contestResult(tally, index, group.slots), flags, updated, {
          level: 'county',
          id: group.unit.id,
          name: group.unit.name,
          fips: group.unit.attributes['fips'] ?? group.unit.attributes['fipsCode'],
          expected: sources.expectedVotes?.(election.id, contest.id, group.unit.id) ?? null,
        }),
      );
    }
  }
  const { raceType, raceTypeID } = raceTypeOf(definition.type, contest.primaryParty);
  const party = partyCode(contest.primaryParty);
  const eevp = units[0]?.eevp;
  return {
    test: false,
    raceID: contest.id,
    raceType,
    raceTypeID,
    officeID: officeIdOf(contest),
    officeName: contest.office,
    ...(contest.district === null ? {} : { seatName: contest.district }),
    ...(party === null ? {} : { party }),
    description: contest.name,
    uncontested,
    numWinners: contest.seats,
    ...(eevp === undefined ? {} : { eevp }),
    raceCallStatus: call !== null ? 'Called' : uncontested ? 'Uncontested' : 'Not Called',
    tabulationStatus:
      state.precinctsReporting === 0 && state.pseudoUnitsReporting === 0
        ? 'Not Yet Tabulated'
        : state.precinctsReporting === state.precinctsTotal &&
            state.pseudoUnitsReporting === state.pseudoUnitsTotal
          ? 'Tabulation Complete'
          : 'Active Tabulation',
    lastUpdated: updated,
    reportingUnits: units,
  };
}

function unitOf(
  definition: ElectionDefinition,
  contest: Contest,
  result: ContestResult,
  flags: { winners: Set<string>; runoff: Set<string>; call: RaceCall | null },
  updated: string,
  unit: {
    level: 'state' | 'county';
    id: string;
    name: string;
    fips?: string | undefined;
    expected: number | null;
  },
): ApReportingUnit {
  // Percentages are 0-100 with two decimals, as AP sends them, computed from exact integers.
  const eevp =
    unit.expected !== null && unit.expected > 0
      ? Math.min(100, percent(result.totalVotes, unit.expected, 2) ?? 0)
      : undefined;
  return {
    statePostal: definition.state,
    ...(unit.level === 'state' ? { stateName: unit.name } : {}),
    level: unit.level,
    reportingunitID: unit.id,
    reportingunitName: unit.name,
    ...(unit.fips === undefined ? {} : { fipsCode: unit.fips }),
    lastUpdated: updated,
    precinctsReporting: result.precinctsReporting,
    precinctsTotal: result.precinctsTotal,
    precinctsReportingPct: percent(result.precinctsReporting, result.precinctsTotal, 2) ?? 0,
    ...(eevp === undefined ? {} : { eevp }),
    candidates: contest.choices.map((choice, order) => {
      const { first, last } = splitName(choice.name);
      const party = partyCode(choice.party);
      const winner = flags.winners.has(choice.id)
        ? ('X' as const)
        : flags.runoff.has(choice.id)
          ? ('R' as const)
          : undefined;
      return {
        candidateID: choice.id,
        polID: choice.id,
        first,
        last,
        ...(party === null ? {} : { party }),
        ballotOrder: order + 1,
        voteCount: result.choices[order]?.votes ?? 0,
        ...(winner === undefined ? {} : { winner }),
        ...(winner !== undefined && flags.call !== null
          ? { winnerDateTime: flags.call.calledAt }
          : {}),
        ...(choice.isWriteIn ? { writeIn: true as const } : {}),
      };
    }),
  };
}

/** For each contest changed after version `since`, when it last changed. */
function lastChange(election: LiveElection, since: number | null): Map<string, string> {
  const changed = new Map<string, string>();
  for (const event of election.events.slice(since ?? 0))
    for (const contest of event.contests) changed.set(contest, event.at);
  return changed;
}

function lastTouched(election: LiveElection, contestId: string): string {
  for (let i = election.events.length - 1; i >= 0; i--) {
    const event = election.events[i];
    if (event?.contests.includes(contestId) === true) return event.at;
  }
  return election.updatedAt;
}
