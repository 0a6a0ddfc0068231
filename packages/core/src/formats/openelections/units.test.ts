import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TARGET_BLANK, TARGET_OVERVOTES, TARGET_UNDERVOTES } from '../../model/submission.ts';
import { layoutColumns, normalizeHeader } from './columns.ts';
import { inferElectionMetaFromFileName } from './file-name.ts';
import { slugify, UniqueIds } from './normalize.ts';
import { DuplicateKeys } from './duplicate-keys.ts';
import { PairTable } from './pair-table.ts';
import { isCountyTotalName, pseudoKindOf } from './pseudo-precincts.ts';
import { classifyRow, isStraightPartyOffice } from './pseudo-rows.ts';
import { fastVoteValue, readVoteCell, VOTE_EMPTY, VOTE_SLOW } from './vote-cell.ts';

describe('vote cells', () => {
  it('reads whole numbers, float-written whole numbers and grouped numbers', () => {
    assert.equal(fastVoteValue('815'), 815);
    assert.equal(fastVoteValue('815.0'), 815);
    assert.equal(fastVoteValue('0.000'), 0);
    assert.equal(fastVoteValue(''), VOTE_EMPTY);
    assert.equal(fastVoteValue('815.'), VOTE_SLOW);
    assert.deepEqual(readVoteCell('1,234'), { kind: 'value', value: 1234, grouped: true });
    assert.deepEqual(readVoteCell(' 12 '), { kind: 'value', value: 12, grouped: false });
    assert.deepEqual(readVoteCell('  '), { kind: 'empty' });
  });

  it('names what is wrong with a bad cell', () => {
    const code = (raw: string): string => {
      const cell = readVoteCell(raw);
      return cell.kind === 'error' ? cell.code : cell.kind;
    };
    assert.equal(code('700.5'), 'fractional-votes');
    assert.equal(code('.5'), 'fractional-votes');
    assert.equal(code('-3'), 'negative-votes');
    assert.equal(code('-3.0'), 'negative-votes');
    assert.equal(code('12a'), 'non-numeric-votes');
    assert.equal(code('N/A'), 'non-numeric-votes');
    assert.equal(code('99999999999999999999'), 'non-numeric-votes');
  });
});

describe('columns', () => {
  it('matches base columns whatever their case and spacing, and maps vote methods', () => {
    assert.equal(normalizeHeader(' Election Day '), 'election_day');
    const result = layoutColumns([
      'County',
      'PRECINCT',
      'office',
      'district',
      'party',
      'candidate',
      'votes',
      'early_voting',
      'absentee_by_mail_votes',
      'public_counter_votes',
      'affidavit_votes',
      'federal_votes',
      'av_counting_boards',
      'mail',
      'in_person',
      'Ward',
      'source',
    ]);
    assert.ok(result.ok);
    const layout = result.layout;
    assert.equal(layout.county, 0);
    assert.equal(layout.precinct, 1);
    assert.deepEqual(
      layout.methods.map((method) => [method.name, method.voteType]),
      [
        ['early_voting', 'early'],
        ['absentee_by_mail_votes', 'absentee'],
        ['public_counter_votes', 'election-day'],
        ['affidavit_votes', 'provisional'],
        ['federal_votes', 'other'],
        ['av_counting_boards', 'absentee'],
        ['mail', 'mail'],
        ['in_person', 'election-day'],
      ],
    );
    assert.deepEqual(
      layout.geo.map((geo) => geo.name),
      ['Ward'],
    );
    assert.deepEqual(layout.ignored, ['source']);
  });

  it('reads total_votes as the total only when there is no votes column (GA vs WI)', () => {
    const georgia = layoutColumns([
      'county',
      'precinct',
      'office',
      'district',
      'party',
      'candidate',
      'total_votes',
      'election_day_votes',
    ]);
    assert.ok(georgia.ok);
    assert.equal(georgia.layout.votes, 6);
    const wisconsin = layoutColumns([
      'county',
      'ward',
      'office',
      'district',
      'total votes',
      'party',
      'candidate',
      'votes',
    ]);
    assert.ok(wisconsin.ok);
    assert.equal(wisconsin.layout.votes, 7);
    assert.deepEqual(wisconsin.layout.ignored, ['total votes']);
  });

  it('names each missing required column', () => {
    const result = layoutColumns(['county', 'precinct', 'district', 'party']);
    assert.ok(!result.ok);
    assert.deepEqual(
      result.problems.map((problem) => problem.column),
      ['office', 'candidate', 'votes'],
    );
  });
});

describe('pseudo rows and pseudo-precincts', () => {
  it('classifies facts as offices or candidates, and over/under/blank/write-in candidates', () => {
    assert.deepEqual(classifyRow('REGISTERED VOTERS - TOTAL', 'Registered Voters - Total'), {
      kind: 'fact',
      fact: 'registered-voters',
    });
    assert.deepEqual(classifyRow('BALLOTS CAST - TOTAL', 'x'), {
      kind: 'fact',
      fact: 'ballots-cast',
    });
    assert.deepEqual(classifyRow('BALLOTS CAST - BLANK', 'x'), {
      kind: 'fact',
      fact: 'ballots-blank',
    });
    assert.deepEqual(classifyRow('President', 'Registered Voters'), {
      kind: 'fact',
      fact: 'registered-voters',
    });
    assert.deepEqual(classifyRow('President', 'Ballots Cast'), {
      kind: 'fact',
      fact: 'ballots-cast',
    });
    assert.deepEqual(classifyRow('President', 'Times Counted'), {
      kind: 'fact',
      fact: 'times-counted',
    });
    for (const name of ['Over Votes', 'Overvotes', 'OVER VOTE'])
      assert.deepEqual(classifyRow('President', name), {
        kind: 'target',
        target: TARGET_OVERVOTES,
      });
    for (const name of ['Under Votes', 'Undervotes'])
      assert.deepEqual(classifyRow('President', name), {
        kind: 'target',
        target: TARGET_UNDERVOTES,
      });
    assert.deepEqual(classifyRow('President', 'Blank'), { kind: 'target', target: TARGET_BLANK });
    for (const name of ['Write-In', 'Write-ins', 'Write In', 'WRITE-IN', 'Scattering'])
      assert.deepEqual(classifyRow('President', name), { kind: 'write-in' });
    assert.deepEqual(classifyRow('President', 'Total Votes'), { kind: 'derived' });
    assert.deepEqual(classifyRow('President', 'Blanka Smith'), { kind: 'choice' });
    assert.ok(isStraightPartyOffice('STRAIGHT PARTY'));
    assert.ok(isStraightPartyOffice('Straight Ticket'));
  });

  it('recognises pseudo-precinct names and leaves places alone', () => {
    const cases: [string, string | null][] = [
      ['ABSENTEE', 'absentee'],
      ['ABSEN', 'absentee'],
      ['BESSEMER ABSENTEE', 'absentee'],
      ['ABSENTEE 1-40', 'absentee'],
      ['ABSENTEE #1', 'absentee'],
      ['PROVISIONAL', 'provisional'],
      ['PROVI', 'provisional'],
      ['PROVISONAL', 'provisional'],
      ['PROVSIONAL', 'provisional'],
      ['Early Voting', 'early'],
      ['ONE STOP', 'early'],
      ['Mail Ballots', 'mail'],
      ['Central Count', 'central'],
      ['PROVIDENCE FIRE DEPT_', null],
      ['Central High School', null],
      ['Mailand Fire Hall', null],
      ['AMERI', null],
    ];
    for (const [name, kind] of cases) assert.equal(pseudoKindOf(name), kind, name);
    for (const name of ['Total', 'County Total', 'TOTALS'])
      assert.ok(isCountyTotalName(name), name);
    assert.ok(!isCountyTotalName('Totalville'));
  });
});

describe('election names', () => {
  it('reads OpenElections file names', () => {
    assert.deepEqual(
      inferElectionMetaFromFileName('20171212__al__special__general__precinct.csv'),
      {
        id: '2017-12-12-al-special-general',
        date: '2017-12-12',
        state: 'AL',
        type: 'special-general',
        name: 'Alabama Special General Election, 12 December 2017',
      },
    );
    const type = (name: string): string | undefined => inferElectionMetaFromFileName(name)?.type;
    assert.equal(type('data/20161108__al__general__precinct.csv'), 'general');
    assert.equal(type('20200602__pa__primary__bedford__precinct.csv'), 'primary');
    assert.equal(type('20200811__ga__primary__general__runoff.csv'), 'runoff');
    assert.equal(type('20180605__ca__special__primary__precinct.csv'), 'special-primary');
    assert.equal(
      inferElectionMetaFromFileName('20200602__pa__primary__bedford__precinct.csv')?.id,
      '2020-06-02-pa-primary',
    );
    assert.equal(inferElectionMetaFromFileName('results.csv'), null);
    assert.equal(inferElectionMetaFromFileName('20171312__al__general.csv'), null);
  });
});

describe('ids and keys', () => {
  it('slugs names and keeps ids unique in order of appearance', () => {
    assert.equal(slugify('PREC 1234 Añasco'), 'prec-1234-anasco');
    assert.equal(slugify('***'), 'unnamed');
    const ids = new UniqueIds();
    assert.deepEqual([ids.claim('a'), ids.claim('a'), ids.claim('a')], ['a', 'a-2', 'a-3']);
  });

  it('stores many pairs in the typed-array table', () => {
    const table = new PairTable(16);
    for (let unit = 0; unit < 2000; unit++)
      for (let slot = 0; slot < 50; slot++)
        assert.equal(table.putIfAbsent(unit, slot, unit * 50 + slot + 2), -1);
    assert.equal(table.size, 100000);
    assert.equal(table.putIfAbsent(1234, 7, 0), 1234 * 50 + 7 + 2);
    assert.equal(table.get(1999, 49), 1999 * 50 + 49 + 2);
    assert.equal(table.get(2000, 0), -1);
  });
});

describe('duplicate keys', () => {
  it('reads back keys logged across log blocks when units come back', () => {
    const keys = new DuplicateKeys();
    for (let unit = 0; unit < 600000; unit++)
      assert.equal(keys.check(unit, unit % 7, unit + 2), -1);
    assert.equal(keys.check(10, 3, 1), 12);
    assert.equal(keys.check(599999, 599999 % 7, 1), 600001);
    assert.equal(keys.check(524288, 524288 % 7, 1), 524290);
  });

  it('finds repeats within a run of a unit and when a unit comes back later', () => {
    const keys = new DuplicateKeys();
    assert.equal(keys.check(0, 1, 2), -1);
    assert.equal(keys.check(0, 2, 3), -1);
    assert.equal(keys.check(0, 1, 4), 2, 'same unit, same slot, same run');
    assert.equal(keys.check(1, 1, 5), -1, 'another unit may use the slot');
    assert.equal(keys.check(1, 2, 6), -1);
    assert.equal(keys.check(0, 3, 7), -1, 'unit 0 comes back with a new key');
    assert.equal(keys.check(0, 2, 8), 3, 'and with a key from its first run');
    assert.equal(keys.check(2, 1, 9), -1);
    assert.equal(keys.check(0, 3, 10), 7, 'a key from its second run');
    assert.equal(keys.check(1, 2, 11), 6);
    for (let unit = 3; unit < 5000; unit++)
      for (let slot = 0; slot < 30; slot++) assert.equal(keys.check(unit, slot * 97, unit), -1);
    assert.equal(keys.check(4999, 0, 1), 4999);
    assert.equal(keys.check(3, 29 * 97, 1), 3);
  });
});
