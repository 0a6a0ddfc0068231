import type {
  ContestDocument,
  ContestResult,
  ResultsDocument,
  UnitContestResult,
} from '@canvass/core';

const number = (value: number): string => value.toLocaleString('en-US');
const orDash = (value: number | null): string => (value === null ? '—' : number(value));

/**
 * Renders a results document as the plain-text report a county official would print.
 * @example process.stdout.write(renderResults(document));
 */
export function renderResults(document: ResultsDocument): string {
  const lines: string[] = [];
  lines.push(`${document.election.name} — UNOFFICIAL RESULTS`);
  lines.push(
    `Election ${document.election.id}; ${document.version} submission${document.version === 1 ? '' : 's'}; definition ${document.election.definitionHash.slice(0, 12)}`,
  );
  for (const contest of document.contests) {
    lines.push('', ...renderContest(contest));
  }
  if (document.warnings.length > 0) lines.push('', ...renderWarnings(document));
  return `${lines.join('\n')}\n`;
}

function renderContest(contest: ContestDocument): string[] {
  const title =
    contest.district === null ? contest.name : `${contest.name} (district ${contest.district})`;
  const lines = [title.toUpperCase(), `  ${reportingLine(contest)}`, ...choiceTable(contest, '  ')];
  if (contest.counties !== undefined) {
    for (const county of contest.counties) lines.push('', ...unitBlock(county, '    '));
  }
  if (contest.precincts !== undefined) {
    for (const precinct of contest.precincts) lines.push('', ...unitBlock(precinct, '    '));
  }
  return lines;
}

function unitBlock(unit: UnitContestResult, indent: string): string[] {
  const label = unit.pseudo
    ? `${unit.unitName} (absentee/provisional, no geography)`
    : unit.unitName;
  return [`  ${label}: ${reportingLine(unit)}`, ...choiceTable(unit, indent)];
}

function reportingLine(result: ContestResult): string {
  const pseudo =
    result.pseudoUnitsTotal > 0
      ? `; ${result.pseudoUnitsReporting} of ${result.pseudoUnitsTotal} absentee/provisional units`
      : '';
  return `${number(result.precinctsReporting)} of ${number(result.precinctsTotal)} precincts reporting${pseudo}`;
}

function choiceTable(result: ContestResult, indent: string): string[] {
  const nameWidth = Math.max(9, ...result.choices.map((choice) => choice.name.length));
  const partyWidth = Math.max(5, ...result.choices.map((choice) => (choice.party ?? '').length));
  const voteWidth = Math.max(5, ...result.choices.map((choice) => number(choice.votes).length));
  const rows = [
    `${indent}${'Choice'.padEnd(nameWidth)}  ${'Party'.padEnd(partyWidth)}  ${'Votes'.padStart(voteWidth)}     Share`,
    ...result.choices.map((choice) => {
      const share = choice.share === null ? '—' : `${choice.share.toFixed(3)}%`;
      const marker = choice.id === result.leaderId ? ' *' : '';
      return `${indent}${choice.name.padEnd(nameWidth)}  ${(choice.party ?? '').padEnd(partyWidth)}  ${number(choice.votes).padStart(voteWidth)}  ${share.padStart(8)}${marker}`;
    }),
    `${indent}Total votes ${number(result.totalVotes)}; over votes ${orDash(result.overvotes)}; under votes ${orDash(result.undervotes)}; blank ${orDash(result.blank)}`,
  ];
  rows.push(`${indent}${leaderLine(result)}`);
  return rows;
}

function leaderLine(result: ContestResult): string {
  if (result.tie) return 'TIED: no leader';
  if (result.leader === null || result.margin === null)
    return result.leader === null ? 'No votes counted' : `Leader: ${result.leader}`;
  const { margin } = result;
  const runnerUp = result.choices.find((choice) => choice.id === margin.between[1]);
  return (
    `Leader: ${result.leader} by ${number(margin.votes)} votes over ${runnerUp?.name ?? '?'} ` +
    `(${margin.percentOfVotes?.toFixed(3) ?? '—'}% of votes for the office; ${margin.twoPartyPoints?.toFixed(3) ?? '—'} points two-way)`
  );
}

function renderWarnings(document: ResultsDocument): string[] {
  const byCode = new Map<string, string[]>();
  for (const warning of document.warnings) {
    const list = byCode.get(warning.code) ?? [];
    list.push(warning.message);
    byCode.set(warning.code, list);
  }
  const lines = [`DATA CONSISTENCY WARNINGS (${document.warnings.length})`];
  const titles: Record<string, string> = {
    'missing-rows': 'counties missing rows that other counties report',
    'ballots-mismatch': 'units where votes + over + under differ from ballots cast',
    'ballots-exceed-registered': 'units with more ballots than registered voters',
  };
  for (const [code, messages] of byCode) {
    lines.push(`  ${messages.length} ${titles[code] ?? code}:`);
    for (const message of messages.slice(0, 8)) lines.push(`    ${message}`);
    if (messages.length > 8) lines.push(`    ... and ${messages.length - 8} more (see --json)`);
  }
  return lines;
}
