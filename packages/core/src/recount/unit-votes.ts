import { contestResult } from '../tally/contest-results.ts';
import type { ElectionTally } from '../tally/election-tally.ts';
import { slotsByPrecinct } from '../tally/groupings.ts';
import type { UnitVotes } from './compare-recount.ts';

/**
 * A contest's votes per choice in every unit that has reported it, from a tally: the shape
 * {@link compareRecount} compares. Units with nothing counted are left out, so "not recounted"
 * differs from "recounted as zero".
 * @example unitVotesOf(tally, 1).get('autauga/0040-e-memorial-christian') // [ 400, 1302, 5 ]
 */
export function unitVotesOf(tally: ElectionTally, contestIndex: number): UnitVotes {
  const votes = new Map<string, readonly number[]>();
  for (const group of slotsByPrecinct(tally, contestIndex)) {
    if (group.unit === null) continue;
    const result = contestResult(tally, contestIndex, group.slots);
    if (result.precinctsReporting + result.pseudoUnitsReporting === 0) continue;
    votes.set(
      group.unit.id,
      result.choices.map((choice) => choice.votes),
    );
  }
  return votes;
}
