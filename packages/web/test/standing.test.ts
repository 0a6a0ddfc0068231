import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  announceUpdate,
  describePrecincts,
  describePseudoUnits,
  describeStanding,
  describeUnit,
  listNames,
} from '../src/format/standing.ts';
import { formatTime } from '../src/format/numbers.ts';
import { ALABAMA_FINAL, choice, contestOf } from './contest-fixture.ts';

describe('standing in words', () => {
  it('says who leads, by votes and points', () => {
    assert.equal(describeStanding(ALABAMA_FINAL), 'Doug Jones leads by 22,412 votes (1.7 points)');
  });

  it('announces an update the way a screen reader user hears it', () => {
    assert.equal(
      announceUpdate(37, null, ALABAMA_FINAL),
      'Update 37: Doug Jones leads by 1.7 points with 2,100 of 2,100 precincts',
    );
    assert.equal(
      announceUpdate(2, 'United States Senator', ALABAMA_FINAL),
      'Update 2: United States Senator, Doug Jones leads by 1.7 points with 2,100 of 2,100 precincts',
    );
  });

  it('shows a tie as a tie, naming everyone tied, never a leader', () => {
    const tied = contestOf(
      [
        choice('a', 'Ada Alvarez', null, 500),
        choice('b', 'Ben Brook', null, 500),
        choice('c', 'Cy Cole', null, 20),
      ],
      { precincts: [3, 9] },
    );
    assert.equal(describeStanding(tied), 'Ada Alvarez and Ben Brook are tied');
    assert.equal(
      announceUpdate(4, null, tied),
      'Update 4: Ada Alvarez and Ben Brook are tied with 3 of 9 precincts',
    );
    assert.match(
      describeUnit('Example County', tied),
      /^Example County: Ada Alvarez and Ben Brook are tied\./,
    );
  });

  it('says plainly when nothing is counted', () => {
    const empty = contestOf(
      [choice('a', 'Ada Alvarez', null, 0), choice('b', 'Ben Brook', null, 0)],
      { precincts: [0, 12] },
    );
    assert.equal(describeStanding(empty), 'No votes counted yet');
    assert.equal(
      announceUpdate(1, null, empty),
      'Update 1: no votes counted yet with 0 of 12 precincts',
    );
    assert.equal(
      describeUnit('Example County', empty),
      'Example County: no results yet. 0 of 12 precincts reporting.',
    );
  });

  it('reports precincts as counts and absentee/provisional units apart', () => {
    const partial = contestOf([choice('a', 'Ada Alvarez', null, 7)], {
      precincts: [1, 1],
      pseudo: [0, 2],
    });
    assert.equal(describePrecincts(partial), '1 of 1 precinct reporting');
    assert.equal(describePseudoUnits(partial), '0 of 2 absentee and provisional units reported');
    assert.equal(describePseudoUnits(contestOf([choice('a', 'Ada Alvarez', null, 7)])), null);
  });

  it('joins names as prose', () => {
    assert.equal(listNames(['A']), 'A');
    assert.equal(listNames(['A', 'B', 'C']), 'A, B and C');
  });
});

describe('update time', () => {
  it('shows the time alone today and the date otherwise', () => {
    const now = new Date(2017, 11, 12, 23, 0, 0);
    assert.match(
      formatTime(new Date(2017, 11, 12, 21, 42, 10).toISOString(), now),
      /^9:42:10\sPM$/,
    );
    assert.match(
      formatTime(new Date(2017, 11, 11, 21, 42, 10).toISOString(), now),
      /^Dec 11, 2017, 9:42\sPM$/,
    );
  });
});
