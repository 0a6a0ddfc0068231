import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContestDocument, ElectionSummary, HistoryPoint } from '../src/api/types.ts';
import { marginSeries } from '../src/geo/margin-series.ts';
import { featuredContest } from '../src/live/election-feed.ts';
import { newestElection, parseRoute } from '../src/routing.ts';
import { ALABAMA_FINAL } from './contest-fixture.ts';

function contest(
  id: string,
  kind: string,
  precinctsTotal: number,
  totalVotes: number,
): ContestDocument {
  return {
    ...ALABAMA_FINAL,
    id,
    name: id,
    office: id,
    district: null,
    kind,
    votesAllowed: 1,
    seats: 1,
    precinctsTotal,
    totalVotes,
  };
}

describe('page helpers', () => {
  it('features the statewide race, not straight-party or a local measure', () => {
    const chosen = featuredContest([
      contest('straight-party', 'straight-party', 2100, 900_000),
      contest('senate', 'candidate', 2100, 1_345_756),
      contest('tax', 'measure', 40, 9_000),
    ]);
    assert.equal(chosen?.id, 'senate');
    assert.equal(featuredContest([]), null);
  });

  it('routes / to the newest election and /elections/:id to that one', () => {
    assert.deepEqual(parseRoute({ pathname: '/', search: '' }), {
      electionId: null,
      contestId: null,
    });
    assert.deepEqual(
      parseRoute({
        pathname: '/elections/2017-12-12-al-special-general',
        search: '?contest=senate',
      }),
      {
        electionId: '2017-12-12-al-special-general',
        contestId: 'senate',
      },
    );
    const summary = (id: string, date: string): ElectionSummary => ({
      id,
      name: id,
      date,
      state: 'AL',
      type: 'general',
      version: 1,
      updatedAt: '2026-01-01T00:00:00Z',
      definitionHash: 'h',
    });
    assert.equal(
      newestElection([summary('old', '2016-11-08'), summary('new', '2017-12-12')])?.id,
      'new',
    );
    assert.equal(newestElection([]), null);
  });

  it('charts the lead in points against precincts reporting, skipping empty versions', () => {
    const point = (version: number, reporting: number, votes: number[]): HistoryPoint => ({
      version,
      at: '',
      precinctsReporting: reporting,
      precinctsTotal: 200,
      pseudoUnitsReporting: 0,
      totalVotes: votes.reduce((a, b) => a + b, 0),
      votes,
    });
    const series = marginSeries(
      [point(1, 0, [0, 0, 0]), point(2, 50, [40, 60, 0]), point(3, 200, [510, 480, 10])],
      0,
      1,
    );
    assert.deepEqual(series.reporting, [25, 100]);
    assert.deepEqual(series.points, [-20, 3]);
  });
});
