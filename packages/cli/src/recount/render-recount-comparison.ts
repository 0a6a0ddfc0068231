import { groupDigits, type RecountComparison } from '@canvass/core';
import type { RecountRecord } from '@canvass/server';

const signed = (n: number): string => (n > 0 ? `+${groupDigits(n)}` : groupDigits(n));

/**
 * The readable form of `canvass recount compare`: totals before and after, whether the outcome
 * changed, each county's recounted precincts, and every precinct that differs.
 * @example process.stdout.write(renderRecountComparison(recount, comparison))
 */
export function renderRecountComparison(
  recount: RecountRecord,
  comparison: RecountComparison,
): string {
  const names = comparison.choices.map((choice) => choice.name);
  const nameOf = (id: string): string =>
    comparison.choices.find((choice) => choice.id === id)?.name ?? id;
  const lines: string[] = [];
  lines.push(
    `Recount ${String(recount.id)} of ${comparison.contestName} (${recount.electionId}): ${recount.sourceName}, ${recount.format}, sha256 ${recount.sourceSha256.slice(0, 16)}…, recorded ${recount.submittedAt} by ${recount.submittedBy}`,
  );
  lines.push(
    `Units recounted: ${String(comparison.unitsRecounted)} (${String(comparison.unitsChanged)} changed); not recounted: ${String(comparison.unitsNotRecounted)}`,
    '',
  );
  const width = Math.max(10, ...names.map((name) => name.length));
  const row = (label: string, cells: readonly string[]): string =>
    `${label.padEnd(12)}${cells.map((cell) => cell.padStart(width + 2)).join('')}`;
  lines.push(row('', names));
  lines.push(
    row(
      'Original',
      comparison.totals.original.map((n) => groupDigits(n)),
    ),
  );
  lines.push(
    row(
      'Recount',
      comparison.totals.recount.map((n) => groupDigits(n)),
    ),
  );
  lines.push(row('Difference', comparison.totals.difference.map(signed)), '');
  const before = comparison.original.winners.map(nameOf).join(', ');
  const after = comparison.recount.winners.map(nameOf).join(', ');
  const tie = (tied: boolean): string => (tied ? ' (tied for the last seat)' : '');
  lines.push(
    comparison.outcomeChanged
      ? `Outcome CHANGED: ${before}${tie(comparison.original.tie)} before, ${after}${tie(comparison.recount.tie)} after the recount.`
      : `Outcome unchanged: ${after} (margin ${groupDigits(comparison.original.marginVotes ?? 0)} → ${groupDigits(comparison.recount.marginVotes ?? 0)}).`,
    '',
  );
  const changes = (difference: readonly number[]): string =>
    difference
      .map((n, index) => (n === 0 ? null : `${names[index] ?? ''} ${signed(n)}`))
      .filter((text): text is string => text !== null)
      .join(', ') || 'no change';
  lines.push('Counties:');
  for (const county of comparison.counties)
    lines.push(
      `  ${county.name}: ${String(county.precinctsRecounted)} recounted, ${String(county.precinctsChanged)} changed: ${changes(county.difference)}`,
    );
  lines.push('', 'Precincts with differences:');
  if (comparison.precincts.length === 0) lines.push('  none');
  for (const precinct of comparison.precincts) {
    const cells = precinct.difference
      .map((n, index) =>
        n === 0
          ? null
          : `${names[index] ?? ''} ${groupDigits(precinct.original[index] ?? 0)} → ${groupDigits(precinct.recount[index] ?? 0)} (${signed(n)})`,
      )
      .filter((text): text is string => text !== null);
    lines.push(`  ${precinct.countyName ?? '(no county)'} / ${precinct.name}: ${cells.join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}
