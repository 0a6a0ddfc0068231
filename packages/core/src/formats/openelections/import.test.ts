import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ElectionDefinitionSchema } from '../../model/election.ts';
import { codes, fixture, run, sum } from './harness.test.ts';

describe('importOpenElections: Alabama rows', () => {
  it('maps facts, straight party, write-ins, over/under votes and quoted names (al-2017-sample)', async () => {
    const { result, counts, facts } = await run(fixture('al-2017-sample.csv'));
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    assert.doesNotThrow(() => ElectionDefinitionSchema.parse(result.definition));
    const senate = result.definition.contests.find(
      (contest) => contest.office === 'UNITED STATES SENATOR',
    )!;
    assert.deepEqual(
      senate.choices.map((choice) => [choice.name, choice.isWriteIn]),
      [
        ['Doug Jones', false],
        ['Roy S. Moore', false],
        ['Write-In', true],
      ],
    );
    const straight = result.definition.contests.find(
      (contest) => contest.office === 'STRAIGHT PARTY',
    )!;
    assert.equal(straight.kind, 'straight-party');
    // Straight-party rows never reach the Senate candidates.
    assert.equal(
      sum(counts, {
        contest: 'UNITED STATES SENATOR',
        target: 'Doug Jones',
        unit: 'madison/1st-baptist-church',
      }),
      1355,
    );
    assert.equal(
      sum(counts, {
        contest: 'UNITED STATES SENATOR',
        target: 'Write-In',
        unit: 'madison/1st-baptist-church',
      }),
      96,
    );
    assert.equal(
      sum(counts, {
        contest: 'UNITED STATES SENATOR',
        target: 'undervotes',
        unit: 'madison/1st-baptist-church',
      }),
      13,
    );
    // Pseudo offices are facts, never choices.
    for (const contest of result.definition.contests)
      for (const choice of contest.choices)
        assert.doesNotMatch(choice.name, /Registered|Ballots Cast|Over Votes|Under Votes/);
    assert.deepEqual(
      facts.filter((fact) => fact.fact === 'registered-voters').map((fact) => fact.value),
      [4283],
      'REGISTERED VOTERS 0.0 is unknown: only the real figure is kept',
    );
    assert.ok(
      result.warnings.some(
        (warning) =>
          warning.code === 'zero-registered-voters' && /in 9 units/.test(warning.message),
      ),
    );
    assert.ok(facts.some((fact) => fact.fact === 'ballots-blank'));
    assert.ok(facts.some((fact) => fact.fact === 'ballots-cast' && fact.value === 1808));
    // Empty votes cells (Madison, district 1 and 3 school taxes) are not counted at all.
    assert.equal(result.emptyVoteCells, 8);
    assert.equal(
      counts.filter((count) => count.contest === '4 MILL SCHOOL TAX, DISTRICT NO. 1').length,
      0,
    );
    const outside = result.definition.contests.find(
      (contest) => contest.office === '4 MILL SCHOOL TAX, DISTRICT NO. 1',
    )!;
    assert.deepEqual(outside.unitIds, [], 'a unit with only empty cells is not put on the contest');
    assert.ok(result.definition.units.some((unit) => unit.name === 'DOUGLASVILLE, BOYKIN CTR'));
    const measure = result.definition.contests.find(
      (contest) => contest.office === '4 MILL SCHOOL TAX, DISTRICT NO. 2',
    )!;
    assert.equal(measure.kind, 'measure');
  });

  it('flags pseudo-precincts, including truncated, misspelled and city-scoped ones', async () => {
    const { result, counts } = await run(fixture('al-2017-sample.csv'));
    const kinds = Object.fromEntries(
      result.definition.units.map((unit) => [unit.name, [unit.kind, unit.pseudoKind]]),
    );
    assert.deepEqual(kinds['ABSEN'], ['pseudo', 'absentee']);
    assert.deepEqual(kinds['PROVI'], ['pseudo', 'provisional']);
    assert.deepEqual(kinds['BESSEMER ABSENTEE'], ['pseudo', 'absentee']);
    assert.deepEqual(kinds['AMERI'], ['precinct', null]);
    assert.ok(
      sum(counts, { unit: 'chilton/absen', target: 'Doug Jones' }) > 0,
      'pseudo-precinct votes are counted',
    );
    const pseudo = result.definition.units.find((unit) => unit.name === 'PROVI')!;
    assert.equal(pseudo.parentId, 'chilton');
  });

  it('recognises 2016 range and numbered pseudo-precincts but not PROVIDENCE', async () => {
    const { result } = await run(fixture('al-2016-pseudo-precincts.csv'));
    assert.equal(result.ok, true);
    const kinds = Object.fromEntries(
      result.definition.units.map((unit) => [unit.name, unit.pseudoKind]),
    );
    assert.equal(kinds['ABSENTEE 1-40'], 'absentee');
    assert.equal(kinds['PROVISIONAL 41-54'], 'provisional');
    assert.equal(kinds['ABSENTEE #1'], 'absentee');
    assert.equal(kinds['PROVIDENCE BAPTIST CHURCH'], null);
    const house = result.definition.contests.find((contest) => contest.office === 'U.S. House')!;
    assert.equal(house.district, '2');
    assert.equal(house.name, 'U.S. House District 2');
  });
});

describe('importOpenElections: columns', () => {
  it('counts vote-method columns beside votes and warns where they do not sum', async () => {
    const { result, counts } = await run(fixture('methods-with-votes.csv'));
    assert.equal(result.ok, true);
    assert.deepEqual(result.columns.voteColumns, {
      votes: 'total',
      election_day: 'election-day',
      early_voting: 'early',
      absentee: 'absentee',
      provisional: 'provisional',
    });
    assert.equal(sum(counts, { target: 'Ann Lee' }), 170);
    assert.equal(sum(counts, { target: 'Ann Lee', voteType: 'early' }), 45);
    const disagree = result.warnings.filter((warning) => warning.code === 'methods-disagree');
    assert.deepEqual(
      disagree.map((warning) => [warning.line, warning.column]),
      [
        [4, 'votes'],
        [5, 'votes'],
      ],
    );
  });

  it('derives the total from method columns when there is no votes column', async () => {
    const { result, counts } = await run(fixture('methods-only.csv'));
    assert.equal(result.ok, true);
    assert.equal(result.columns.voteColumns['One Stop'], 'early');
    assert.equal(result.columns.voteColumns['Absentee by Mail'], 'absentee');
    assert.equal(sum(counts, { target: 'Ann Lee' }), 468);
    assert.equal(sum(counts, { target: 'Bo Park' }), 312);
    assert.equal(
      counts.filter((count) => count.target === 'Cy Doe').length,
      0,
      'all-empty methods: unknown',
    );
    assert.equal(result.emptyVoteCells, 1);
  });

  it('reads a real Georgia header with only *_votes method columns (ga-2020-methods-only)', async () => {
    const { result, counts } = await run(fixture('ga-2020-methods-only.csv'));
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    assert.deepEqual(result.columns.voteColumns, {
      election_day_votes: 'election-day',
      advanced_votes: 'early',
      absentee_by_mail_votes: 'absentee',
      provisional_votes: 'provisional',
    });
    assert.equal(sum(counts, { unit: 'bibb/howard-2' }), 12);
    assert.equal(sum(counts, { target: 'Amy Klobuchar', voteType: 'early' }), 3);
    assert.equal(sum(counts, { target: 'Amy Klobuchar' }), 21);
  });

  it('keeps town and ward in the unit identity, works without counties, warns once about unknown columns', async () => {
    const { result, counts } = await run(fixture('towns.csv'));
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    assert.deepEqual(result.columns.unitColumns, ['county', 'town', 'ward']);
    const units = result.definition.units.filter((unit) => unit.kind === 'precinct');
    assert.deepEqual(
      units.map((unit) => [unit.id, unit.name, unit.parentId, unit.attributes]),
      [
        ['barre-city/ward-1', 'Barre City - Ward 1', 'xx', { town: 'Barre City', ward: 'Ward 1' }],
        ['barre-city/ward-2', 'Barre City - Ward 2', 'xx', { town: 'Barre City', ward: 'Ward 2' }],
        ['barre-town', 'Barre Town', 'xx', { town: 'Barre Town' }],
      ],
    );
    assert.equal(sum(counts, { target: 'Ann Lee' }), 1110);
    assert.deepEqual(
      result.warnings
        .filter((warning) => warning.code === 'ignored-columns')
        .map((warning) => warning.message),
      ['columns not used by the importer were ignored: "notes"'],
    );
  });

  it('parses quoted fields, doubled quotes, newlines inside quotes, CRLF and thousands separators', async () => {
    for (const size of [1, 3, 1000]) {
      const { result, counts } = await run(fixture('quoted-crlf.csv'), {}, size);
      assert.equal(result.ok, true, JSON.stringify(result.errors));
      assert.deepEqual(
        result.definition.units.filter((unit) => unit.kind === 'precinct').map((unit) => unit.name),
        ['P1, North', 'P2 "Old" Hall', 'P3'],
      );
      assert.deepEqual(
        counts.map((count) => [count.target, count.value, count.sourceLine]),
        [
          ['Lee, Ann', 10, 2],
          ['Bo\r\nPark', 20, 3],
          ['Ann Lee', 1234, 5],
          ['Bo Park', 5, 7],
        ],
      );
      assert.ok(result.warnings.some((warning) => warning.code === 'thousands-separators'));
    }
  });
});

describe('importOpenElections: rows that are not choices', () => {
  it('turns pseudo offices and pseudo candidates into facts and over/under/blank targets', async () => {
    const { result, counts, facts } = await run(fixture('pseudo-rows.csv'));
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    assert.deepEqual(
      facts.map((fact) => [fact.fact, fact.value]),
      [
        ['registered-voters', 1858],
        ['ballots-cast', 1160],
        ['registered-voters', 900],
        ['ballots-cast', 800],
        ['times-counted', 801],
      ],
    );
    const president = result.definition.contests.find((contest) => contest.office === 'President')!;
    assert.deepEqual(
      president.choices.map((choice) => choice.name),
      ['Ann Lee', 'Bo Park', 'Write-ins'],
    );
    assert.equal(sum(counts, { target: 'overvotes' }), 3);
    assert.equal(sum(counts, { target: 'undervotes' }), 7);
    assert.equal(sum(counts, { target: 'blank' }), 2);
    assert.equal(sum(counts, { target: 'Write-ins' }), 5, 'Write-ins and Write-In are one choice');
    assert.ok(result.warnings.some((warning) => warning.code === 'derived-rows-ignored'));
    const straight = result.definition.contests.find(
      (contest) => contest.office === 'Straight Party',
    )!;
    assert.equal(straight.kind, 'straight-party');
    assert.deepEqual(
      straight.choices.map((choice) => [choice.name, choice.lines]),
      [
        ['Democratic Party', ['DEM']],
        ['Republican Party', ['REP']],
      ],
    );
  });

  it('keeps one choice with several party lines for fusion candidates', async () => {
    const { result, counts } = await run(fixture('fusion.csv'));
    assert.equal(result.ok, true);
    const governor = result.definition.contests[0]!;
    assert.deepEqual(
      governor.choices.map((choice) => [choice.name, choice.lines, choice.isWriteIn]),
      [
        ['Kathy Hochul', ['DEM', 'WOR'], false],
        ['Lee Zeldin', ['REP', 'CON'], false],
        ['Write-in', [], true],
      ],
    );
    assert.equal(sum(counts, { target: 'Kathy Hochul', line: 'WOR' }), 55);
    assert.equal(sum(counts, { target: 'Kathy Hochul' }), 415);
    assert.equal(sum(counts, { target: 'Write-in' }), 3);
  });

  it('gives different units to names that only slug alike', async () => {
    const { result } = await run(fixture('collisions.csv'));
    assert.equal(result.ok, true);
    assert.deepEqual(
      result.definition.units
        .filter((unit) => unit.kind === 'precinct')
        .map((unit) => [unit.id, unit.name]),
      [
        ['lauderdale/broadway-rec-center', 'BROADWAY REC_ CENTER'],
        ['lauderdale/broadway-rec-center-2', 'BROADWAY REC. CENTER'],
        ['lauderdale/broadway-rec-center-3', 'Broadway Rec Center'],
      ],
    );
  });
});

describe('importOpenElections: county totals and duplicates', () => {
  it('rejects county-total rows by default, naming each line', async () => {
    const { result } = await run(fixture('county-totals.csv'));
    assert.equal(result.ok, false);
    assert.deepEqual(
      result.errors.map((error) => [error.code, error.line]),
      [
        ['county-total-row', 4],
        ['county-total-row', 5],
        ['county-total-row', 12],
        ['county-total-row', 13],
      ],
    );
    assert.match(result.errors[0]!.reason, /county total \(precinct "Total"\) for county "Adams"/);
  });

  it('skips county totals when asked, warns where they disagree, and keeps county-level rows', async () => {
    const { result, counts } = await run(fixture('county-totals.csv'), { onCountyTotal: 'skip' });
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    assert.equal(result.countyTotalRowsSkipped, 4);
    assert.equal(
      sum(counts, { unit: 'adams/p1' }) + sum(counts, { unit: 'adams/p2' }),
      45,
      'never double counted',
    );
    assert.equal(counts.filter((count) => count.unit === 'adams').length, 0);
    // Brown has only blank-precinct rows: they are the county's own results.
    assert.equal(sum(counts, { unit: 'brown' }), 15);
    const warnings = result.warnings.filter((warning) => warning.code === 'county-total-disagrees');
    assert.equal(warnings.length, 1, 'Clay agrees; Adams does not');
    assert.equal(warnings[0]!.line, 4);
    assert.match(
      warnings[0]!.message,
      /"Adams" \(skipped\) disagree .* in 1 of 2 rows \(first: total 24, precincts 25\)/,
    );
  });

  it('treats a row with blank county and precinct as a statewide total', async () => {
    const strict = await run(fixture('state-total.csv'));
    assert.deepEqual(
      strict.result.errors.map((error) => [error.code, error.line]),
      [['county-total-row', 4]],
    );
    const skipped = await run(fixture('state-total.csv'), { onCountyTotal: 'skip' });
    assert.equal(skipped.result.ok, true);
    assert.equal(skipped.result.countyTotalRowsSkipped, 1);
    assert.equal(sum(skipped.counts, { target: 'Ann Lee' }), 15, 'the total is not counted again');
    assert.ok(
      !skipped.result.warnings.some((warning) => warning.code === 'county-total-disagrees'),
    );
  });

  it('rejects a duplicated key naming both lines; sum and first resolve it', async () => {
    const strict = await run(fixture('duplicates.csv'));
    assert.deepEqual(codes(strict.result), ['duplicate-key']);
    assert.equal(strict.result.errors[0]!.line, 5);
    assert.match(strict.result.errors[0]!.reason, /repeats the key of line 2/);

    const summed = await run(fixture('duplicates.csv'), { onDuplicate: 'sum' });
    assert.equal(summed.result.ok, true);
    assert.equal(summed.result.duplicatesResolved, 1);
    assert.equal(sum(summed.counts, { unit: 'adams/p1', target: 'Ann Lee' }), 13);

    const first = await run(fixture('duplicates.csv'), { onDuplicate: 'first' });
    assert.equal(first.result.ok, true);
    assert.equal(first.result.duplicatesResolved, 1);
    assert.equal(sum(first.counts, { unit: 'adams/p1', target: 'Ann Lee' }), 10);
  });
});

describe('importOpenElections: broken files', () => {
  it('rejects fractional, negative and non-numeric votes with file, line, column, value and reason', async () => {
    const { result } = await run(fixture('bad-values.csv'));
    assert.equal(result.ok, false);
    assert.deepEqual(
      result.errors.map((error) => [error.code, error.file, error.line, error.column]),
      [
        ['fractional-votes', 'test.csv', 2, 'votes'],
        ['negative-votes', 'test.csv', 3, 'votes'],
        ['non-numeric-votes', 'test.csv', 4, 'votes'],
      ],
    );
    assert.match(result.errors[0]!.reason, /"700\.5" has a fractional part/);
    assert.match(result.errors[1]!.reason, /"-3" is negative/);
    assert.match(result.errors[2]!.reason, /"twelve" is not a number/);
  });

  it('rejects a missing required column', async () => {
    const { result } = await run(fixture('missing-column.csv'));
    assert.deepEqual(codes(result), ['missing-column']);
    assert.equal(result.errors[0]!.column, 'office');
    assert.equal(result.errors[0]!.line, 1);
  });

  it('rejects an empty file and a header-only file', async () => {
    assert.deepEqual(codes((await run(fixture('empty.csv'))).result), ['empty-file']);
    assert.deepEqual(codes((await run(fixture('header-only.csv'))).result), ['no-rows']);
  });

  it('rejects a row with the wrong number of fields and an unclosed quote', async () => {
    const { result } = await run(
      'county,precinct,office,district,party,candidate,votes\nA,P1,Mayor,,,Ann,1,9\nA,P2,"Mayor,,,Ann,1\n',
    );
    assert.deepEqual(
      result.errors.map((error) => [error.code, error.line]),
      [
        ['malformed-row', 2],
        ['malformed-row', 3],
      ],
    );
  });

  it('keeps counting errors past maxErrors', async () => {
    const rows = Array.from({ length: 30 }, (_, index) => `A,P${index},Mayor,,,Ann,1.5`).join('\n');
    const { result } = await run(
      `county,precinct,office,district,party,candidate,votes\n${rows}\n`,
      { maxErrors: 5 },
    );
    assert.equal(result.errors.length, 5);
    assert.equal(result.errorCount, 30);
  });

  it('reports progress in characters and reads a header behind a byte-order mark', async () => {
    const seen: number[] = [];
    const text =
      '\ufeffcounty,precinct,office,district,party,candidate,votes\nA,P1,Mayor,,,Ann,1\n';
    const { result } = await run(text, { onProgress: (chars) => seen.push(chars) }, 10);
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    assert.equal(seen.at(-1), text.length);
    assert.ok(seen.every((value, index) => index === 0 || value > seen[index - 1]!));
  });

  it('sends counts in batches of batchSize', async () => {
    const { batches, result } = await run(fixture('fusion.csv'), { batchSize: 3 });
    assert.equal(result.counts, 10);
    assert.deepEqual(
      batches.map((batch) => batch.length),
      [3, 3, 3, 1],
    );
  });
});
