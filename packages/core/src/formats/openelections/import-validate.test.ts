import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ElectionDefinition } from '../../model/election.ts';
import { codes, fixture, run, sum } from './harness.test.ts';

async function inferred(name: string): Promise<ElectionDefinition> {
  const { result } = await run(fixture(name));
  assert.equal(result.ok, true);
  return result.definition;
}

describe('importOpenElections: validating against a given definition', () => {
  it('maps rows to the positions of the given definition and returns it unchanged', async () => {
    const definition = await inferred('al-2017-sample.csv');
    const first = await run(fixture('al-2017-sample.csv'));
    const again = await run(fixture('al-2017-sample.csv'), { definition });
    assert.equal(again.result.ok, true, JSON.stringify(again.result.errors));
    assert.equal(again.result.definition, definition);
    assert.deepEqual(again.counts, first.counts);
    assert.deepEqual(again.facts, first.facts);
  });

  it('round-trips every valid fixture: the inferred definition validates its own file', async () => {
    const cases: [string, Parameters<typeof run>[1]][] = [
      ['al-2016-pseudo-precincts.csv', {}],
      ['towns.csv', {}],
      ['fusion.csv', {}],
      ['methods-only.csv', {}],
      ['methods-with-votes.csv', {}],
      ['ga-2020-methods-only.csv', {}],
      // Not quoted-crlf.csv: validating folds spacing, so its `Bo\r\nPark` and `Bo Park` (two
      // choices when inferred, exactly as written) are one name to a given definition.
      ['pseudo-rows.csv', {}],
      ['collisions.csv', {}],
      ['county-totals.csv', { onCountyTotal: 'skip' }],
    ];
    for (const [name, options] of cases) {
      const first = await run(fixture(name), options);
      assert.equal(first.result.ok, true, name);
      const again = await run(fixture(name), { ...options, definition: first.result.definition });
      assert.equal(again.result.ok, true, `${name}: ${JSON.stringify(again.result.errors)}`);
      assert.deepEqual(again.counts, first.counts, name);
      assert.deepEqual(again.facts, first.facts, name);
    }
  });

  it('reports unknown precincts, contests and choices with line, column and value', async () => {
    const definition = await inferred('fusion.csv');
    const text = [
      'county,precinct,office,district,candidate,party,votes',
      'Albany,Albany Ward 1 District 1,Governor,,Kathy Hochul,DEM,1',
      'Albany,Albany Ward 9,Governor,,Kathy Hochul,DEM,1',
      'Albany,Albany Ward 1 District 1,Mayor,,Kathy Hochul,DEM,1',
      'Albany,Albany Ward 1 District 1,Governor,,Jane Roe,DEM,1',
      'Albany,Albany Ward 1 District 1,Governor,,Lee Zeldin,WOR,1',
      'Greene,Town 1,Governor,,Lee Zeldin,REP,1',
    ].join('\n');
    const { result } = await run(text, { definition });
    assert.deepEqual(
      result.errors.map((error) => [error.code, error.line, error.column]),
      [
        ['unknown-precinct', 3, 'precinct'],
        ['unknown-contest', 4, 'office'],
        ['unknown-choice', 5, 'candidate'],
        ['unknown-choice', 6, 'party'],
        ['unknown-precinct', 7, 'county'],
      ],
    );
    assert.match(result.errors[0]!.reason, /precinct "Albany Ward 9" of county "Albany"/);
    assert.match(result.errors[1]!.reason, /office "Mayor"/);
    assert.match(result.errors[2]!.reason, /candidate "Jane Roe"/);
    assert.match(result.errors[3]!.reason, /party line "WOR"/);
    assert.match(result.errors[4]!.reason, /county "Greene"/);
  });

  it('rejects counts for a unit outside the contest', async () => {
    const definition = await inferred('al-2017-sample.csv');
    const text = [
      'county,precinct,office,district,party,candidate,votes',
      'Autauga,10 JONES COMMUNITY CTR,"4 MILL SCHOOL TAX, DISTRICT NO. 2",,NON,For Proposed Taxation,5',
    ].join('\n');
    const { result } = await run(text, { definition });
    assert.deepEqual(codes(result), ['unit-not-in-contest']);
  });

  it('matches names regardless of case and spacing, and finds the write-in choice by any spelling', async () => {
    const definition = await inferred('pseudo-rows.csv');
    const text = [
      'county,precinct,office,district,party,candidate,votes',
      'ADAMS,p1,PRESIDENT,,DEM,ann  lee,5',
      'Adams,P1,President,,,WRITE-IN,2',
    ].join('\n');
    const { result, counts } = await run(text, { definition });
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    assert.equal(sum(counts, { target: 'Ann Lee' }), 5);
    assert.equal(sum(counts, { target: 'Write-ins' }), 2);
  });

  it('tells primary contests apart by party', async () => {
    const text = [
      'county,precinct,office,district,party,candidate,votes',
      'Adams,P1,Governor,,DEM,Ann Lee,5',
      'Adams,P1,Governor,,REP,Bo Park,6',
    ].join('\n');
    const election = {
      id: 'p',
      name: 'Primary',
      date: '2026-05-05',
      state: 'XX',
      type: 'primary',
    } as const;
    const { result } = await run(text, { election });
    assert.deepEqual(
      result.definition.contests.map((contest) => [contest.name, contest.primaryParty]),
      [
        ['Governor (DEM)', 'DEM'],
        ['Governor (REP)', 'REP'],
      ],
    );
    const again = await run(text, { definition: result.definition });
    assert.equal(again.result.ok, true);
    assert.deepEqual(
      again.counts.map((count) => count.contest),
      ['Governor (DEM)', 'Governor (REP)'],
    );
  });
});
