import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../replay/night-plan.ts';
import { buildBaseline } from './baseline.ts';
import type { PairPrecinct } from './contest-precincts.ts';
import { ProjectionModel, type PrecinctCount } from './project-outcome.ts';

// A synthetic state: 300 precincts in 10 counties; this year every precinct swings 5 points of
// log-odds-ish toward the first party and turns out 60% of the baseline, with some noise.
function syntheticState(seed: number): { current: PairPrecinct[]; baseline: PairPrecinct[] } {
  const random = seededRandom(seed);
  const current: PairPrecinct[] = [];
  const baseline: PairPrecinct[] = [];
  for (let i = 0; i < 300; i++) {
    const county = `C${i % 10}`;
    const precinct = `PRECINCT ${i}`;
    const size = 200 + Math.floor(random() * 1800);
    const share = 0.15 + 0.7 * random();
    const first = Math.round(size * share);
    baseline.push({
      county,
      precinct,
      pseudoKind: null,
      first,
      second: size - first,
      total: size + 20,
    });
    const turnout = Math.round(size * (0.55 + 0.1 * random()));
    const now = Math.min(0.99, share + 0.05 + 0.02 * (random() - 0.5));
    const f = Math.round(turnout * now);
    current.push({
      county,
      precinct,
      pseudoKind: null,
      first: f,
      second: turnout - f,
      total: turnout + 10,
    });
  }
  return { current, baseline };
}

function counts(current: readonly PairPrecinct[], reported: ReadonlySet<number>): PrecinctCount[] {
  return current.map((unit, index) =>
    reported.has(index)
      ? { reported: true, first: unit.first, second: unit.second, total: unit.total }
      : { reported: false, first: 0, second: 0, total: 0 },
  );
}

describe('ProjectionModel', () => {
  it('projects the final margin and the expected vote of a synthetic state', () => {
    const { current, baseline } = syntheticState(7);
    const model = new ProjectionModel(
      buildBaseline(
        current.map((unit) => ({ ...unit, votes: unit.total })),
        baseline,
      ),
      { draws: 500 },
    );
    const first = current.reduce((sum, unit) => sum + unit.first, 0);
    const second = current.reduce((sum, unit) => sum + unit.second, 0);
    const total = current.reduce((sum, unit) => sum + unit.total, 0);
    const truth = (100 * (first - second)) / (first + second);

    const nothing = model.project(counts(current, new Set()));
    assert.equal(nothing.reportedMargin, null);
    assert.equal(nothing.precinctsReported, 0);
    assert.ok(nothing.interval99[1] - nothing.interval99[0] > 10, 'no data: a wide interval');

    const random = seededRandom(3);
    const order = current.map((_, index) => index).sort(() => random() - 0.5);
    const half = model.project(counts(current, new Set(order.slice(0, 150))));
    assert.equal(half.precinctsReported, 150);
    assert.ok(half.interval90[0] <= truth && truth <= half.interval90[1], JSON.stringify(half));
    assert.ok(Math.abs(half.projectedMargin - truth) < 1);
    assert.ok(half.interval90[0] >= half.interval99[0] && half.interval90[1] <= half.interval99[1]);
    assert.ok(Math.abs(half.projectedTotalVotes - total) / total < 0.03);
    assert.ok(Math.abs(half.expectedVoteShare - half.counted.total / total) < 0.02);

    const all = model.project(counts(current, new Set(order)));
    assert.ok(Math.abs(all.projectedMargin - truth) < 1e-9);
    assert.deepEqual(
      all.interval99.map((x) => x.toFixed(9)),
      [truth.toFixed(9), truth.toFixed(9)],
    );
    assert.equal(all.projectedTotalVotes, total);
    assert.equal(all.expectedVoteShare, 1);
    assert.equal(all.outstandingMax, 0);
  });

  it('bounds the outstanding vote by the baseline of the places still out', () => {
    const { current, baseline } = syntheticState(11);
    const model = new ProjectionModel(
      buildBaseline(
        current.map((unit) => ({ ...unit, votes: unit.total })),
        baseline,
      ),
      { draws: 100 },
    );
    const out = new Set([0, 1, 2]);
    const projection = model.project(
      counts(current, new Set(current.map((_, index) => index).filter((index) => !out.has(index)))),
    );
    const expected = [0, 1, 2].reduce((sum, index) => sum + (baseline[index]?.total ?? 0), 0);
    assert.equal(projection.outstandingMax, expected);
  });
});
