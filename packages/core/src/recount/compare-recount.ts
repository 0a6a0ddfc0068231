import type { ElectionDefinition } from '../model/election.ts';
import { standing } from '../tally/margin.ts';

/** Votes per choice (in the contest's choice order) for each reporting unit, by unit id. */
export type UnitVotes = ReadonlyMap<string, readonly number[]>;

/** One unit's or county's counts in the original count and in the recount. */
export interface RecountDifferenceRow {
  readonly id: string;
  readonly name: string;
  readonly original: readonly number[];
  readonly recount: readonly number[];
  /** `recount - original`, per choice. */
  readonly difference: readonly number[];
}

/** A precinct (or pseudo-precinct) whose recount differs from its original count. */
export interface PrecinctDifference extends RecountDifferenceRow {
  readonly countyId: string | null;
  readonly countyName: string | null;
}

/** A county's recounted precincts, added up. */
export interface CountyDifference extends RecountDifferenceRow {
  readonly precinctsRecounted: number;
  readonly precinctsChanged: number;
}

/** Who wins a count: the first `seats` choices, unless the last seat is tied. */
export interface RecountOutcome {
  readonly winners: readonly string[];
  /** The last seat is tied: the winners are not decided by the count. */
  readonly tie: boolean;
  readonly marginVotes: number | null;
}

/** The comparison of a recount with the original count of one contest. */
export interface RecountComparison {
  readonly contestId: string;
  readonly contestName: string;
  readonly seats: number;
  readonly choices: readonly { readonly id: string; readonly name: string }[];
  /** The whole contest: original; recount = original with every recounted unit replaced. */
  readonly totals: RecountDifferenceRow;
  readonly original: RecountOutcome;
  readonly recount: RecountOutcome;
  /** The winners differ, or a tie appeared or was broken. */
  readonly outcomeChanged: boolean;
  readonly unitsRecounted: number;
  /** Units of the contest the recount does not cover: their original counts stand. */
  readonly unitsNotRecounted: number;
  readonly unitsChanged: number;
  /** Every recounted unit whose counts differ, in definition order. */
  readonly precincts: readonly PrecinctDifference[];
  /** Every county with a recounted unit, in definition order. */
  readonly counties: readonly CountyDifference[];
}

/** Why a comparison could not be made. */
export interface RecountComparisonError {
  readonly code: 'unknown-contest' | 'unknown-unit' | 'wrong-choice-count';
  readonly message: string;
}

const zeros = (n: number): number[] => Array.from({ length: n }, () => 0);
const add = (into: number[], values: readonly number[], sign: 1 | -1 = 1): void => {
  values.forEach((value, index) => {
    into[index] = (into[index] ?? 0) + sign * value;
  });
};
const minus = (a: readonly number[], b: readonly number[]): number[] =>
  a.map((value, index) => value - (b[index] ?? 0));

function outcome(votes: readonly number[], seats: number, ids: readonly string[]): RecountOutcome {
  const place = standing(
    votes.map((count, index) => ({ index, votes: count })),
    seats,
  );
  return {
    winners: place.order.slice(0, seats).map((index) => ids[index] ?? String(index)),
    tie: place.tie,
    marginVotes: place.marginVotes,
  };
}

/**
 * Compares a recount with the original count of a contest, unit by unit: every unit whose counts
 * differ, every county's recounted units added up, the contest totals with the recount in place
 * of the original where it was recounted, and whether that changes who wins.
 * @example compareRecount(definition, 'united-states-senator', original, recount).value.outcomeChanged
 */
export function compareRecount(
  definition: ElectionDefinition,
  contestId: string,
  original: UnitVotes,
  recount: UnitVotes,
):
  | { readonly ok: true; readonly value: RecountComparison }
  | { readonly ok: false; readonly error: RecountComparisonError } {
  const contest = definition.contests.find((candidate) => candidate.id === contestId);
  if (contest === undefined)
    return {
      ok: false,
      error: { code: 'unknown-contest', message: `no contest ${contestId} in ${definition.id}` },
    };
  const width = contest.choices.length;
  const units = new Map(definition.units.map((unit) => [unit.id, unit]));
  for (const [label, votes] of [
    ['original', original],
    ['recount', recount],
  ] as const) {
    for (const [unitId, counts] of votes) {
      if (!units.has(unitId))
        return {
          ok: false,
          error: { code: 'unknown-unit', message: `${label}: no unit ${unitId} in the definition` },
        };
      if (counts.length !== width)
        return {
          ok: false,
          error: {
            code: 'wrong-choice-count',
            message: `${label}: unit ${unitId} has ${String(counts.length)} counts for ${String(width)} choices`,
          },
        };
    }
  }
  const totalOriginal = zeros(width);
  for (const counts of original.values()) add(totalOriginal, counts);
  const totalRecount = [...totalOriginal];
  const precincts: PrecinctDifference[] = [];
  const counties = new Map<
    string,
    { row: CountyDifference; original: number[]; recount: number[] }
  >();
  const onBallot = new Set(contest.unitIds);
  let recounted = 0;
  // Definition order, so reports read like the canvass.
  for (const unit of definition.units) {
    const recountVotes = recount.get(unit.id);
    if (recountVotes === undefined) continue;
    recounted += 1;
    const originalVotes = original.get(unit.id) ?? zeros(width);
    add(totalRecount, originalVotes, -1);
    add(totalRecount, recountVotes);
    const difference = minus(recountVotes, originalVotes);
    const changed = difference.some((value) => value !== 0);
    const county = unit.parentId === null ? undefined : units.get(unit.parentId);
    const countyKey = county?.kind === 'county' ? county.id : '';
    let group = counties.get(countyKey);
    if (group === undefined) {
      group = {
        row: {
          id: countyKey,
          name: county?.kind === 'county' ? county.name : '(no county)',
          original: [],
          recount: [],
          difference: [],
          precinctsRecounted: 0,
          precinctsChanged: 0,
        },
        original: zeros(width),
        recount: zeros(width),
      };
      counties.set(countyKey, group);
    }
    add(group.original, originalVotes);
    add(group.recount, recountVotes);
    group.row = {
      ...group.row,
      precinctsRecounted: group.row.precinctsRecounted + 1,
      precinctsChanged: group.row.precinctsChanged + (changed ? 1 : 0),
    };
    if (changed)
      precincts.push({
        id: unit.id,
        name: unit.name,
        countyId: county?.kind === 'county' ? county.id : null,
        countyName: county?.kind === 'county' ? county.name : null,
        original: originalVotes,
        recount: recountVotes,
        difference,
      });
  }
  const ids = contest.choices.map((choice) => choice.id);
  const before = outcome(totalOriginal, contest.seats, ids);
  const after = outcome(totalRecount, contest.seats, ids);
  const sameWinners =
    before.winners.length === after.winners.length &&
    before.winners.every((id) => after.winners.includes(id));
  return {
    ok: true,
    value: {
      contestId: contest.id,
      contestName: contest.name,
      seats: contest.seats,
      choices: contest.choices.map((choice) => ({ id: choice.id, name: choice.name })),
      totals: {
        id: contest.id,
        name: contest.name,
        original: totalOriginal,
        recount: totalRecount,
        difference: minus(totalRecount, totalOriginal),
      },
      original: before,
      recount: after,
      outcomeChanged: !sameWinners || before.tie !== after.tie,
      unitsRecounted: recounted,
      unitsNotRecounted: [...onBallot].filter((id) => !recount.has(id)).length,
      unitsChanged: precincts.length,
      precincts,
      counties: [...counties.values()].map((group) => ({
        ...group.row,
        original: group.original,
        recount: group.recount,
        difference: minus(group.recount, group.original),
      })),
    },
  };
}
