import type { HistoryPoint } from '../api/types.ts';

/** The chart's data: percent of precincts reporting against one choice's lead over another, in points. */
export interface MarginSeries {
  readonly reporting: number[];
  readonly points: number[];
}

/**
 * Turns a contest's history into the margin-over-reporting series: for each version, the
 * percentage of precincts reporting and `first − second` as points of all votes counted.
 * @example marginSeries(history, 0, 1).points.at(-1) // 1.664 (Jones over Moore)
 */
export function marginSeries(
  history: readonly HistoryPoint[],
  first: number,
  second: number,
): MarginSeries {
  const reporting: number[] = [];
  const points: number[] = [];
  for (const point of history) {
    if (point.totalVotes === 0 || point.precinctsTotal === 0) continue;
    reporting.push((100 * point.precinctsReporting) / point.precinctsTotal);
    points.push(
      (100 * ((point.votes[first] ?? 0) - (point.votes[second] ?? 0))) / point.totalVotes,
    );
  }
  return { reporting, points };
}
