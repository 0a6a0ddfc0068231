import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ElectionDefinition } from '../../model/election.ts';
import {
  collectingSink,
  countyResults,
  projectFile,
  tallyOf,
  textChunks,
} from '../document/document-harness.test.ts';
import { clarityDate, clarityTimestamp } from './clarity-time.ts';
import { clarityVoteType } from './clarity-vote-types.ts';
import { importClarity } from './import-clarity.ts';

const PRECINCTS = projectFile('packages/core/src/formats/clarity/fixtures/precinct-detail.xml');
const COUNTIES = projectFile('packages/core/src/formats/clarity/fixtures/county-detail.xml');

interface Doc {
  election: { id: string; date: string; state: string | null; type: string };
  contests: {
    id: string;
    kind: string;
    overvotes: number | null;
    undervotes: number | null;
    choices: {
      id: string;
      name: string;
      votes: number;
      byVoteType: Record<string, number> | null;
    }[];
    counties?: { unitId: string | null; choices: { votes: number }[] }[];
  }[];
}

async function importText(
  text: string,
  definition: ElectionDefinition | null = null,
  file = 'detail.xml',
) {
  const sink = collectingSink();
  const result = await importClarity(
    textChunks(text, 1000),
    { file, definition, electionId: definition?.id ?? null },
    sink,
  );
  const document = result.ok
    ? (countyResults(tallyOf(result.definition, sink.batches, sink.factRecords)) as Doc)
    : null;
  return { result, sink, document };
}

describe('Clarity detail.xml import', () => {
  it('reads a county precinct file: units by name, vote types through the table, totals from their sum', async () => {
    const { result, document, sink } = await importText(PRECINCTS);
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    assert.ok(document !== null);
    assert.deepEqual(document.election, {
      ...document.election,
      id: '2026-11-03-2026-general-election',
      date: '2026-11-03',
      state: null,
      type: 'general',
    });
    const units = result.definition.units.map((unit) => [unit.id, unit.kind, unit.parentId]);
    assert.deepEqual(units, [
      ['example', 'county', null],
      ['example/p-01-north', 'precinct', 'example'],
      ['example/p-02-south', 'precinct', 'example'],
      ['example/absentee', 'pseudo', 'example'],
    ]);
    const [mayor, measure] = document.contests;
    assert.deepEqual(
      mayor?.choices.map((choice) => [choice.id, choice.votes]),
      [
        ['ada-alvarez', 718],
        ['ben-brook', 478],
        ['write-in', 0],
      ],
    );
    assert.equal(result.definition.contests[0]?.choices[2]?.isWriteIn, true);
    assert.equal(mayor.overvotes, 3);
    assert.equal(mayor.undervotes, 41);
    assert.deepEqual(mayor.choices[0]?.byVoteType, { 'election-day': 420, absentee: 298 });
    assert.equal(measure?.kind, 'measure');
    assert.deepEqual(result.definition.contests[1]?.unitIds, [
      'example/p-01-north',
      'example/p-02-south',
    ]);
    // Registered voters 0 is unknown in Clarity files; ballots cast are facts.
    const facts = sink.factRecords.map((fact) => [
      result.definition.units[fact.unit]?.id,
      fact.fact,
      fact.value,
    ]);
    assert.ok(
      facts.some(
        ([unit, fact, value]) =>
          unit === 'example/p-01-north' && fact === 'registered-voters' && value === 2600,
      ),
    );
    assert.ok(
      !facts.some(([unit, fact]) => unit === 'example/absentee' && fact === 'registered-voters'),
    );
  });

  it('reads a state county file, and a later file for the same election by the names it already knows', async () => {
    const first = await importText(COUNTIES);
    assert.equal(first.result.ok, true, JSON.stringify(first.result.errors));
    assert.equal(first.result.definition.state, 'AL');
    assert.deepEqual(
      first.result.definition.units.map((unit) => unit.id),
      ['al', 'autauga', 'baldwin'],
    );
    const governor = first.document?.contests[0];
    assert.deepEqual(
      governor?.choices.map((choice) => choice.votes),
      [19500, 20800],
    );
    assert.deepEqual(governor.choices[0]?.byVoteType, {
      'election-day': 12000,
      early: 6000,
      absentee: 1400,
      provisional: 100,
    });

    // Names differently spaced and cased, a county more counted: same units, contests, choices.
    const later = COUNTIES.replace(
      '<County name="Baldwin" votes="7000" />',
      '<County name="BALDWIN " votes="7100" />',
    )
      .replace('totalVotes="19500"', 'totalVotes="19600"')
      .replace('text="Cora Diaz"', 'text="CORA  DIAZ"');
    const again = await importText(later, first.result.definition);
    assert.equal(again.result.ok, true, JSON.stringify(again.result.errors));
    assert.equal(again.result.definition, first.result.definition);
    assert.deepEqual(
      again.document?.contests[0]?.choices.map((choice) => choice.votes),
      [19600, 20800],
    );

    const elsewhere = COUNTIES.replace(/"Baldwin"/g, '"Mobile"');
    const wrong = await importText(elsewhere, first.result.definition);
    assert.equal(wrong.result.ok, false);
    assert.equal(wrong.result.errors[0]?.code, 'unknown-precinct');
    assert.equal(wrong.sink.batches.length, 0);
  });

  it('rejects bad files with the line and attribute of each problem', async () => {
    const cases: [string, string, string, number][] = [
      [
        PRECINCTS.replace(
          'name="Absentee by Mail Votes" votes="298"',
          'name="Curbside Votes" votes="298"',
        ),
        'unknown-vote-type',
        'name',
        32,
      ],
      [
        PRECINCTS.replace(
          '<Precinct name="P-01 North" votes="420" />',
          '<Precinct name="P-01 North" votes="420.5" />',
        ),
        'fractional-count',
        'votes',
        28,
      ],
      [
        PRECINCTS.replace(
          '<Precinct name="P-01 North" votes="420" />',
          '<Precinct name="P-01 North" votes="many" />',
        ),
        'non-numeric-count',
        'votes',
        28,
      ],
      [PRECINCTS.replace('9:42:10 PM EST', '9:42:10 PM'), 'timestamp-zone', 'Timestamp', 4],
      [PRECINCTS.replace('9:42:10 PM EST', '9:42:10 PM XYZ'), 'timestamp-zone', 'Timestamp', 4],
      [
        PRECINCTS.replace('<ElectionDate>11/3/2026', '<ElectionDate>2026-11-03'),
        'date-format',
        'ElectionDate',
        6,
      ],
      [
        PRECINCTS.replace('totalVotes="718"', 'totalVotes="719"'),
        'inconsistent-total',
        'totalVotes',
        26,
      ],
      [
        PRECINCTS.replace('</Choice>\n    <Choice key="2"', '</Choic>\n    <Choice key="2"'),
        'malformed',
        '',
        37,
      ],
    ];
    for (const [text, code, field, line] of cases) {
      const { result, sink } = await importText(text, null, 'bad.xml');
      assert.equal(result.ok, false, code);
      const error = result.errors.find((candidate) => candidate.code === code);
      assert.ok(error !== undefined, `${code}: ${JSON.stringify(result.errors)}`);
      assert.equal(error.line, line, code);
      assert.equal(error.column ?? '', field, code);
      assert.equal(error.file, 'bad.xml');
      assert.equal(sink.batches.length, 0, code);
    }
    const nist = await importText(
      '<ElectionReport xmlns="http://itl.nist.gov/ns/voting/1500-100/v2"/>',
    );
    assert.match(nist.result.errors[0]?.reason ?? '', /not a Clarity ElectionResult/);
  });

  it('reads US timestamps with zone abbreviations, and maps vote-type names', () => {
    assert.equal(clarityTimestamp('11/3/2026 9:42:10 PM EST'), '2026-11-03T21:42:10-05:00');
    assert.equal(clarityTimestamp('11/4/2026 12:05:33 AM CST'), '2026-11-04T00:05:33-06:00');
    assert.equal(clarityTimestamp('7/1/2026 12:00:00 PM PDT'), '2026-07-01T12:00:00-07:00');
    assert.equal(clarityTimestamp('11/3/2026 9:42:10 PM'), null);
    assert.equal(clarityTimestamp('13/3/2026 9:42:10 PM EST'), null);
    assert.equal(clarityDate('2/29/2028'), '2028-02-29');
    assert.equal(clarityDate('2/29/2027'), null);
    assert.equal(clarityVoteType('Election Day Votes'), 'election-day');
    assert.equal(clarityVoteType('Advanced Voting Votes'), 'early');
    assert.equal(clarityVoteType('Absentee by Mail Votes'), 'absentee');
    assert.equal(clarityVoteType('Mail Ballots'), 'mail');
    assert.equal(clarityVoteType('Provisional'), 'provisional');
    assert.equal(clarityVoteType('Curbside'), null);
  });
});
