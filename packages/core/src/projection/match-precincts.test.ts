import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PseudoKind } from '../model/reporting-unit.ts';
import { matchCountyPrecincts, type NamedPrecinct } from './match-precincts.ts';

const named = (names: readonly (string | [string, PseudoKind])[]): NamedPrecinct[] =>
  names.map((entry, index) =>
    typeof entry === 'string'
      ? { index, name: entry, pseudoKind: null }
      : { index, name: entry[0], pseudoKind: entry[1] },
  );

describe('matchCountyPrecincts', () => {
  it('matches each tier and pools what is left', () => {
    const current = named([
      'TOWN HALL', // exact
      'BROADWAY REC_ CENTER', // normalized
      'BETHEL BAPT CH', // abbreviation
      'MUSEUM OF FINE ARTS', // sub-precincts rolled up
      '70 BOONES CHAPEL', // code
      'AMERI', // prefix of a cut name
      'CREEKWORD CH OF CHRIST #2', // fuzzy, same sub-precinct number
      ['ABSENTEE', 'absentee'],
      ['BESSEMER ABSENTEE', 'absentee'],
      'BRAND NEW SCHOOL', // pooled
    ]);
    const baseline = named([
      'TOWN HALL',
      'BROADWAY REC. CENTER',
      'BETHEL BAPTIST CHURCH',
      'MUSEUM OF FINE ARTS #1',
      'MUSEUM OF FINE ARTS #2',
      '070 PINE LEVEL',
      'AMERICAN LEGION POST',
      'CREEKWOOD CHURCH OF CHRIST #1',
      'CREEKWOOD CHURCH OF CHRIST #2',
      ['ABSENTEE 1-40', 'absentee'],
      ['ABSENTEE 41-80', 'absentee'],
      'CLOSED FIRE STATION',
    ]);
    const matches = matchCountyPrecincts(current, baseline);
    const tierOf = (index: number): string | undefined =>
      matches.find((match) => match.current.includes(index))?.tier;
    assert.deepEqual(
      current.map((unit) => tierOf(unit.index)),
      [
        'exact',
        'normalized',
        'abbreviation',
        'sub-precinct',
        'code',
        'prefix',
        'fuzzy',
        'pseudo',
        'pseudo',
        'pooled',
      ],
    );
    const museum = matches.find((match) => match.current.includes(3));
    assert.deepEqual(museum?.baseline, [3, 4]);
    const creek = matches.find((match) => match.current.includes(6));
    assert.deepEqual(creek?.baseline, [8]);
    const pool = matches.find((match) => match.tier === 'pooled');
    // The unmatched sub-precinct #1 and the closed station pool with the new school.
    assert.deepEqual(pool?.baseline, [7, 11]);
    // Every baseline precinct is in exactly one match, so county totals stay exact.
    const all = matches.flatMap((match) => [...match.baseline]).sort((a, b) => a - b);
    assert.deepEqual(
      all,
      baseline.map((unit) => unit.index),
    );
  });

  it('refuses ambiguous matches', () => {
    const matches = matchCountyPrecincts(named(['OAK G']), named(['OAK GROVE', 'OAK GLEN']));
    assert.equal(matches.length, 1);
    assert.equal(matches[0]?.tier, 'pooled');
  });
});
