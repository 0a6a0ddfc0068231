import type { ContestResult } from '../api/types.ts';
import { formatPoints, formatShare, formatVotes, plural } from './numbers.ts';

/** Names of the choices tied for the lead (empty unless `result.tie`). */
export function tiedNames(result: ContestResult): string[] {
  if (!result.tie || result.totalVotes === 0) return [];
  const top = Math.max(...result.choices.map((choice) => choice.votes));
  return result.choices.filter((choice) => choice.votes === top).map((choice) => choice.name);
}

/** Joins names as prose: "A", "A and B", "A, B and C". */
export function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
}

/**
 * Who leads and by how much, in words: "Doug Jones leads by 22,412 votes (1.7 points)",
 * "Doug Jones and Roy S. Moore are tied", or "No votes counted yet".
 */
export function describeStanding(result: ContestResult): string {
  if (result.totalVotes === 0) return 'No votes counted yet';
  if (result.tie) return `${listNames(tiedNames(result))} are tied`;
  if (result.leader === null) return 'No leader';
  const margin = result.margin;
  if (margin === null) return `${result.leader} leads`;
  const points =
    margin.percentOfVotes === null ? '' : ` (${formatPoints(margin.percentOfVotes)} points)`;
  return `${result.leader} leads by ${plural(margin.votes, 'vote', 'votes')}${points}`;
}

/** "2,101 of 2,220 precincts reporting". */
export function describePrecincts(result: ContestResult): string {
  return `${formatVotes(result.precinctsReporting)} of ${plural(result.precinctsTotal, 'precinct', 'precincts')} reporting`;
}

/** "12 of 138 absentee and provisional units reported", or null when the contest has none. */
export function describePseudoUnits(result: ContestResult): string | null {
  if (result.pseudoUnitsTotal === 0) return null;
  return `${formatVotes(result.pseudoUnitsReporting)} of ${plural(result.pseudoUnitsTotal, 'absentee and provisional unit', 'absentee and provisional units')} reported`;
}

/**
 * A county's figures as one sentence, for its accessible name on the map and the figures panel:
 * "Jefferson: Doug Jones leads by 36.4 points. Doug Jones 68.2%, Roy S. Moore 30.1%. 173 of 173 precincts reporting."
 */
export function describeUnit(name: string, result: ContestResult): string {
  if (result.totalVotes === 0 && result.precinctsReporting === 0)
    return `${name}: no results yet. ${describePrecincts(result)}.`;
  let standing: string;
  if (result.tie) standing = `${listNames(tiedNames(result))} are tied`;
  else if (result.leader !== null && result.margin?.percentOfVotes != null)
    standing = `${result.leader} leads by ${formatPoints(result.margin.percentOfVotes)} points`;
  else standing = describeStanding(result);
  const shares = result.choices
    .filter((choice) => choice.votes > 0)
    .map((choice) => `${choice.name} ${formatShare(choice.share)}`)
    .join(', ');
  return `${name}: ${standing}. ${shares}. ${describePrecincts(result)}.`;
}

/**
 * What the live region says after an update: "Update 37: Doug Jones leads by 1.6 points with
 * 2,101 of 2,220 precincts".
 */
export function announceUpdate(
  version: number,
  contestName: string | null,
  result: ContestResult,
): string {
  const precincts = `${formatVotes(result.precinctsReporting)} of ${plural(result.precinctsTotal, 'precinct', 'precincts')}`;
  const about = contestName === null ? '' : `${contestName}, `;
  let standing: string;
  if (result.totalVotes === 0) standing = 'no votes counted yet';
  else if (result.tie) standing = `${listNames(tiedNames(result))} are tied`;
  else if (result.leader !== null && result.margin?.percentOfVotes != null)
    standing = `${result.leader} leads by ${formatPoints(result.margin.percentOfVotes)} points`;
  else standing = describeStanding(result);
  return `Update ${version}: ${about}${standing} with ${precincts}`;
}
