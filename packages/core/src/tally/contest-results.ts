import type { Contest } from '../model/contest.ts';
import type { VoteType } from '../model/vote-type.ts';
import { VOTE_TYPE_CODES } from '../model/submission.ts';
import type { ContestCells, ElectionTally } from './election-tally.ts';
import { standing } from './margin.ts';
import { percent } from './ratio.ts';

/** One choice's figures in a contest result. */
export interface ChoiceResult {
  readonly id: string;
  readonly name: string;
  readonly party: string | null;
  readonly isWriteIn: boolean;
  /** Sum of the known counts; 0 when nothing is counted yet. */
  readonly votes: number;
  /** Percent of the votes for the contest (all choices, write-ins included), 3 decimals. */
  readonly share: number | null;
  /** Per party line, for a choice on more than one line. */
  readonly lines: readonly { readonly party: string; readonly votes: number }[] | null;
  /** Counts by vote type, where the source breaks them down. */
  readonly byVoteType: Readonly<Partial<Record<VoteType, number>>> | null;
}

/** The decisive margin of a contest. */
export interface MarginResult {
  readonly votes: number;
  /** Percent of all votes for the office (every choice, write-ins included), 3 decimals. */
  readonly percentOfVotes: number | null;
  /** 100 × (a − b) / (a + b) for the two choices measured, 3 decimals. */
  readonly twoPartyPoints: number | null;
  /** Ids of the last winner and the first loser. */
  readonly between: readonly [string, string];
}

/** A contest's figures over a set of units (the whole contest, a county or a precinct). */
export interface ContestResult {
  readonly choices: readonly ChoiceResult[];
  readonly totalVotes: number;
  /** Null where the source has no such data. */
  readonly overvotes: number | null;
  readonly undervotes: number | null;
  readonly blank: number | null;
  /** Name of the leading choice; null when tied or nothing is counted. */
  readonly leader: string | null;
  readonly leaderId: string | null;
  readonly tie: boolean;
  readonly margin: MarginResult | null;
  readonly precinctsReporting: number;
  readonly precinctsTotal: number;
  /** Absentee, provisional and other pseudo-precincts, counted apart from precincts. */
  readonly pseudoUnitsReporting: number;
  readonly pseudoUnitsTotal: number;
}

/**
 * Aggregates a contest over some of its slots (all when `slots` is null), in exact integers.
 * @example contestResult(tally, 0, null).leader // 'Doug Jones'
 */
export function contestResult(
  tally: ElectionTally,
  contestIndex: number,
  slots: readonly number[] | null,
): ContestResult {
  const contest = tally.definition.contests[contestIndex];
  const cells = tally.contests[contestIndex];
  if (contest === undefined || cells === undefined)
    throw new Error(`no contest at ${contestIndex}`);
  const chosen = slots ?? range(cells.unitOfSlot.length);
  const sums = sumTargets(cells, chosen);
  const choiceCount = contest.choices.length;
  const votes = contest.choices.map((_, index) => sums.total[index] ?? 0);
  const totalVotes = votes.reduce((a, b) => a + b, 0);
  const place = standing(
    votes.map((count, index) => ({ index, votes: count })),
    contest.seats,
  );
  const leaderChoice = place.leader === null ? undefined : contest.choices[place.leader];
  return {
    choices: contest.choices.map((choice, index) => ({
      id: choice.id,
      name: choice.name,
      party: choice.party,
      isWriteIn: choice.isWriteIn,
      votes: votes[index] ?? 0,
      share: percent(votes[index] ?? 0, totalVotes, 3),
      lines:
        choice.lines.length > 1
          ? choice.lines.map((party, line) => ({
              party,
              votes: lineVotes(cells, chosen, index, line),
            }))
          : null,
      byVoteType: voteTypeBreakdown(sums.byType, index),
    })),
    totalVotes,
    overvotes: sums.known[choiceCount] === true ? (sums.total[choiceCount] ?? 0) : null,
    undervotes: sums.known[choiceCount + 1] === true ? (sums.total[choiceCount + 1] ?? 0) : null,
    blank: sums.known[choiceCount + 2] === true ? (sums.total[choiceCount + 2] ?? 0) : null,
    leader: leaderChoice?.name ?? null,
    leaderId: leaderChoice?.id ?? null,
    tie: place.tie,
    margin: marginResult(contest, votes, totalVotes, place.marginVotes, place.marginPair),
    ...reporting(tally, cells, chosen),
  };
}

function marginResult(
  contest: Contest,
  votes: readonly number[],
  totalVotes: number,
  marginVotes: number | null,
  pair: readonly [number, number] | null,
): MarginResult | null {
  if (marginVotes === null || pair === null || totalVotes === 0) return null;
  const a = contest.choices[pair[0]];
  const b = contest.choices[pair[1]];
  if (a === undefined || b === undefined) return null;
  const pairVotes = (votes[pair[0]] ?? 0) + (votes[pair[1]] ?? 0);
  return {
    votes: marginVotes,
    percentOfVotes: percent(marginVotes, totalVotes, 3),
    twoPartyPoints: percent(marginVotes, pairVotes, 3),
    between: [a.id, b.id],
  };
}

interface TargetSums {
  readonly total: Float64Array;
  readonly known: boolean[];
  readonly byType: Map<number, Float64Array>;
}

function sumTargets(cells: ContestCells, slots: readonly number[]): TargetSums {
  const width = cells.targetCount;
  const total = new Float64Array(width);
  const known: boolean[] = new Array<boolean>(width).fill(false);
  const byType = new Map<number, Float64Array>();
  for (const [code, values] of cells.byType) {
    const sums = new Float64Array(width);
    let any = false;
    for (const slot of slots) {
      const base = slot * width;
      for (let target = 0; target < width; target++) {
        const value = values[base + target] ?? Number.NaN;
        if (Number.isNaN(value)) continue;
        sums[target] = (sums[target] ?? 0) + value;
        any = true;
        if (code === 0) known[target] = true;
      }
    }
    if (code === 0) total.set(sums);
    else if (any) byType.set(code, sums);
  }
  return { total, known, byType };
}

function voteTypeBreakdown(
  byType: ReadonlyMap<number, Float64Array>,
  target: number,
): Partial<Record<VoteType, number>> | null {
  if (byType.size === 0) return null;
  const result: Partial<Record<VoteType, number>> = {};
  for (const [code, sums] of byType) {
    const name = VOTE_TYPE_CODES[code];
    if (name !== undefined) result[name] = sums[target] ?? 0;
  }
  return result;
}

function lineVotes(
  cells: ContestCells,
  slots: readonly number[],
  choice: number,
  line: number,
): number {
  let sum = 0;
  for (const slot of slots)
    sum += cells.lines.get(slot * cells.targetCount + choice)?.get(line) ?? 0;
  return sum;
}

function reporting(
  tally: ElectionTally,
  cells: ContestCells,
  slots: readonly number[],
): Pick<
  ContestResult,
  'precinctsReporting' | 'precinctsTotal' | 'pseudoUnitsReporting' | 'pseudoUnitsTotal'
> {
  let precinctsReporting = 0;
  let precinctsTotal = 0;
  let pseudoUnitsReporting = 0;
  let pseudoUnitsTotal = 0;
  for (const slot of slots) {
    const unit = tally.definition.units[cells.unitOfSlot[slot] ?? -1];
    const reported = cells.reported[slot] === 1;
    if (unit?.kind === 'pseudo') {
      pseudoUnitsTotal++;
      if (reported) pseudoUnitsReporting++;
    } else {
      precinctsTotal++;
      if (reported) precinctsReporting++;
    }
  }
  return { precinctsReporting, precinctsTotal, pseudoUnitsReporting, pseudoUnitsTotal };
}

function range(length: number): number[] {
  return Array.from({ length }, (_, index) => index);
}
