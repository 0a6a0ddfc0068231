import type { UnitFact } from '../../model/contest.ts';
import type { ReportingUnit } from '../../model/reporting-unit.ts';
import { VOTE_TYPE_CODES } from '../../model/submission.ts';
import type { VoteType } from '../../model/vote-type.ts';
import type { ElectionTally } from '../../tally/election-tally.ts';

/** The method column written for each vote type (the names the importer's column table reads). */
const METHOD_COLUMNS: Readonly<Record<Exclude<VoteType, 'total'>, string>> = {
  'election-day': 'election_day',
  early: 'early_voting',
  absentee: 'absentee',
  mail: 'mail',
  provisional: 'provisional',
  other: 'other',
};

/** Pseudo-office rows for unit facts, spelled as OpenElections files spell them. */
const FACT_OFFICES: readonly (readonly [UnitFact, string])[] = [
  ['registered-voters', 'Registered Voters'],
  ['ballots-cast', 'Ballots Cast'],
  ['ballots-blank', 'Ballots Cast - Blank'],
  ['times-counted', 'Times Counted'],
];

const TARGET_NAMES = ['Over Votes', 'Under Votes', 'Blank Votes'] as const;

/**
 * Writes an election's current results as an OpenElections precinct CSV, in blocks of lines:
 * the units' fact rows (`Registered Voters`, `Ballots Cast`, ...), then contest by contest and
 * unit by unit (in definition order) a row per choice and over/under/blank rows. A unit that has
 * not reported a contest yet gets rows with empty cells: on the ballot there, nothing known. Vote-type
 * breakdowns become method columns; unknown values are empty cells, never 0. Choices on several
 * party lines get a row per line (totals only), as the importer reads them.
 * @example for (const block of exportOpenElections(tally)) process.stdout.write(block);
 */
export function* exportOpenElections(tally: ElectionTally): Generator<string> {
  const definition = tally.definition;
  const methodCodes = new Set<number>();
  for (const cells of tally.contests)
    for (const code of cells.byType.keys()) if (code !== 0) methodCodes.add(code);
  const methods = [...methodCodes]
    .sort((a, b) => a - b)
    .map((code) => {
      const voteType = VOTE_TYPE_CODES[code] ?? 'other';
      return { code, column: voteType === 'total' ? 'other' : METHOD_COLUMNS[voteType] };
    });
  // Extra identifying columns (town, ward, ...) are part of a unit's identity: keep them.
  const geo = [...new Set(definition.units.flatMap((unit) => Object.keys(unit.attributes)))].sort();
  const header = [
    'county',
    'precinct',
    ...geo,
    'office',
    'district',
    'party',
    'candidate',
    'votes',
    ...methods.map((m) => m.column),
  ];
  const blank = methods.map(() => '');
  const byId = new Map(definition.units.map((unit) => [unit.id, unit]));
  let block = `${header.join(',')}\n`;
  const cell = (value: number | undefined): string =>
    value === undefined || Number.isNaN(value) ? '' : String(value);

  const places = definition.units.map((unit) => {
    const county = placeCells(unit, byId);
    return county === null ? null : [...county, ...geo.map((key) => unit.attributes[key] ?? '')];
  });
  const flush = function* (rows: string[][]): Generator<string> {
    for (const row of rows) block += `${row.map(csvField).join(',')}\n`;
    if (block.length >= 1 << 16) {
      yield block;
      block = '';
    }
  };

  // Facts first, then contest by contest: a file read back in this order gives units and
  // contests the positions they have now.
  for (const [unitIndex, place] of places.entries()) {
    if (place === null) continue;
    const rows: string[][] = [];
    for (const [fact, office] of FACT_OFFICES) {
      const value = tally.facts.get(fact, unitIndex);
      if (value !== null) rows.push([...place, office, '', '', '', String(value), ...blank]);
    }
    // A precinct with no fact still gets a row (an empty, unknown count), so every unit is met
    // in definition order before any contest row.
    const unit = definition.units[unitIndex];
    if (rows.length === 0 && unit?.kind !== 'county')
      rows.push([...place, 'Registered Voters', '', '', '', '', ...blank]);
    yield* flush(rows);
  }
  for (const [contestIndex, contest] of definition.contests.entries()) {
    const cells = tally.contests[contestIndex];
    if (cells === undefined) continue;
    const slots = [...cells.unitOfSlot.keys()].sort(
      (a, b) => (cells.unitOfSlot[a] ?? 0) - (cells.unitOfSlot[b] ?? 0),
    );
    for (const slot of slots) {
      const place = places[cells.unitOfSlot[slot] ?? -1];
      if (place === null || place === undefined) continue;
      const rows: string[][] = [];
      const lead = [...place, contest.office, contest.district ?? ''];
      const at = (target: number, code: number): number | undefined =>
        cells.byType.get(code)?.[slot * cells.targetCount + target];
      contest.choices.forEach((choice, target) => {
        const byLine = cells.lines.get(slot * cells.targetCount + target);
        if (choice.lines.length > 1 && byLine !== undefined && byLine.size > 0) {
          for (const [line, votes] of [...byLine.entries()].sort(([a], [b]) => a - b))
            rows.push([...lead, choice.lines[line] ?? '', choice.name, String(votes), ...blank]);
          return;
        }
        rows.push([
          ...lead,
          choice.party ?? '',
          choice.name,
          cell(at(target, 0)),
          ...methods.map((m) => cell(at(target, m.code))),
        ]);
      });
      TARGET_NAMES.forEach((name, k) => {
        const target = contest.choices.length + k;
        const values = [at(target, 0), ...methods.map((m) => at(target, m.code))];
        if (values.every((value) => value === undefined || Number.isNaN(value))) return;
        rows.push([...lead, '', name, cell(values[0]), ...values.slice(1).map(cell)]);
      });
      yield* flush(rows);
    }
  }
  if (block !== '') yield block;
}

/** The county and precinct cells of a unit; null for units above the county (the state). */
function placeCells(
  unit: ReportingUnit,
  units: ReadonlyMap<string, ReportingUnit>,
): [string, string] | null {
  if (unit.kind === 'state') return null;
  if (unit.kind === 'county') return [unit.name, ''];
  const parent = unit.parentId === null ? undefined : units.get(unit.parentId);
  return [parent?.kind === 'county' ? parent.name : '', unit.name];
}

function csvField(value: string): string {
  return /[",\n\r]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
