import type { ElectionDefinition } from '../model/election.ts';
import type { PseudoKind } from '../model/reporting-unit.ts';
import { VOTE_TYPE_CODES, type CountBatch } from '../model/submission.ts';

/** One precinct's result in one contest, reduced to a two-party pair and the total. */
export interface PairPrecinct {
  readonly county: string;
  readonly precinct: string;
  readonly pseudoKind: PseudoKind | null;
  /** Votes for the first party of the pair. */
  readonly first: number;
  /** Votes for the second party of the pair. */
  readonly second: number;
  /** Votes for every choice of the contest (not over or under votes). */
  readonly total: number;
}

/** Why a contest cannot be reduced to a pair. */
export class ContestPairError extends Error {
  override readonly name = 'ContestPairError';
}

/**
 * Reduces imported counts to per-precinct results of one contest for a pair of parties (the
 * choice whose party is `pair[0]`, and the one whose party is `pair[1]`). Only total-type
 * counts of precinct and pseudo units are used; a unit with no count in the contest is left out.
 * @example contestPairPrecincts(definition, batches, 'UNITED STATES SENATOR', ['DEM', 'REP'])
 */
export function contestPairPrecincts(
  definition: ElectionDefinition,
  batches: readonly CountBatch[],
  contestName: string,
  pair: readonly [string, string],
): PairPrecinct[] {
  const wanted = contestName.trim().toUpperCase();
  const contestIndex = definition.contests.findIndex(
    (contest) => contest.name.trim().toUpperCase() === wanted,
  );
  const contest = definition.contests[contestIndex];
  if (contest === undefined)
    throw new ContestPairError(
      `no contest named "${contestName}" (contests: ${definition.contests
        .map((c) => c.name)
        .slice(0, 8)
        .join(', ')})`,
    );
  const choiceOf = (party: string): number => {
    const found = contest.choices.flatMap((choice, index) =>
      choice.party?.toUpperCase() === party.toUpperCase() ? [index] : [],
    );
    if (found.length !== 1)
      throw new ContestPairError(
        `contest "${contest.name}" has ${found.length} choices of party ${party}; the pair needs exactly one`,
      );
    return found[0] ?? -1;
  };
  const firstChoice = choiceOf(pair[0]);
  const secondChoice = choiceOf(pair[1]);
  const totalCode = VOTE_TYPE_CODES.indexOf('total');
  const rows = new Map<number, { first: number; second: number; total: number }>();
  for (const batch of batches)
    for (let i = 0; i < batch.length; i++) {
      if (batch.contest[i] !== contestIndex || batch.voteType[i] !== totalCode) continue;
      const target = batch.target[i] ?? -1;
      if (target < 0) continue;
      const unit = batch.unit[i] ?? -1;
      const value = batch.value[i] ?? 0;
      let row = rows.get(unit);
      if (row === undefined) {
        row = { first: 0, second: 0, total: 0 };
        rows.set(unit, row);
      }
      row.total += value;
      if (target === firstChoice) row.first += value;
      if (target === secondChoice) row.second += value;
    }
  const byId = new Map(definition.units.map((unit) => [unit.id, unit]));
  const out: PairPrecinct[] = [];
  definition.units.forEach((unit, index) => {
    const row = rows.get(index);
    if (row === undefined || (unit.kind !== 'precinct' && unit.kind !== 'pseudo')) return;
    const county = unit.parentId === null ? undefined : byId.get(unit.parentId);
    out.push({
      county: county?.name ?? '',
      precinct: unit.name,
      pseudoKind: unit.pseudoKind,
      ...row,
    });
  });
  return out;
}
