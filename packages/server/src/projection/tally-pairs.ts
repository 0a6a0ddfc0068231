import {
  VOTE_TYPE_CODES,
  type ElectionTally,
  type PairPrecinct,
  type PrecinctCount,
} from '@canvass/core';

const TOTAL = VOTE_TYPE_CODES.indexOf('total');

/** A contest of a live tally seen as pair precincts: who they are, and what is counted. */
export interface TallyPairs {
  /** Every precinct and pseudo unit of the contest (names for baseline matching; votes 0). */
  readonly precincts: readonly PairPrecinct[];
  /** Per precinct, in the same order: whether it has reported and its counts. */
  readonly counts: readonly PrecinctCount[];
}

/**
 * Reads one contest of a tally as pair precincts: the choice of party `pair[0]` and of party
 * `pair[1]`, and the total of all choices. Returns null when the contest lacks either party.
 * @example tallyPairs(tally, 0, ['DEM', 'REP'])?.counts.filter((c) => c.reported).length
 */
export function tallyPairs(
  tally: ElectionTally,
  contestIndex: number,
  pair: readonly [string, string],
): TallyPairs | null {
  const contest = tally.definition.contests[contestIndex];
  const cells = tally.contests[contestIndex];
  if (contest === undefined || cells === undefined) return null;
  const choiceOf = (party: string): number =>
    contest.choices.findIndex((choice) => choice.party?.toUpperCase() === party.toUpperCase());
  const first = choiceOf(pair[0]);
  const second = choiceOf(pair[1]);
  if (first < 0 || second < 0) return null;
  const units = tally.definition.units;
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  const values = cells.values(TOTAL);
  const choices = contest.choices.length;
  const precincts: PairPrecinct[] = [];
  const counts: PrecinctCount[] = [];
  for (let slot = 0; slot < cells.unitOfSlot.length; slot++) {
    const unit = units[cells.unitOfSlot[slot] ?? -1];
    if (unit === undefined || (unit.kind !== 'precinct' && unit.kind !== 'pseudo')) continue;
    const county = unit.parentId === null ? undefined : byId.get(unit.parentId);
    precincts.push({
      county: county?.name ?? '',
      precinct: unit.name,
      pseudoKind: unit.pseudoKind,
      first: 0,
      second: 0,
      total: 0,
    });
    const at = slot * cells.targetCount;
    const read = (offset: number): number => {
      const value = values[at + offset] ?? Number.NaN;
      return Number.isNaN(value) ? 0 : value;
    };
    let total = 0;
    for (let choice = 0; choice < choices; choice++) total += read(choice);
    counts.push({
      reported: cells.reported[slot] === 1,
      first: read(first),
      second: read(second),
      total,
    });
  }
  return { precincts, counts };
}
