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

// 20 counties of 15 precincts and one absentee unit each. Precincts swing about 0.1 in log-odds
// toward the first party; absentee units 0.4 more, each county's by `absenteeSpread` × a
// standard normal (the same normals whatever the spread).
function stateWithAbsentee(absenteeSpread: number): {
  current: PairPrecinct[];
  baseline: PairPrecinct[];
} {
  const random = seededRandom(21);
  const normal = (): number =>
    Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const current: PairPrecinct[] = [];
  const baseline: PairPrecinct[] = [];
  const expit = (x: number): number => 1 / (1 + Math.exp(-x));
  for (let c = 0; c < 20; c++)
    for (let k = 0; k <= 15; k++) {
      const absentee = k === 15;
      const county = `C${c}`;
      const precinct = absentee ? 'ABSENTEE' : `PRECINCT ${k}`;
      const pseudoKind = absentee ? ('absentee' as const) : null;
      const size = absentee
        ? 3000 + Math.floor(random() * 3000)
        : 300 + Math.floor(random() * 1200);
      const share = 0.2 + 0.6 * random();
      const first = Math.round(size * share);
      baseline.push({ county, precinct, pseudoKind, first, second: size - first, total: size });
      const swing = absentee ? 0.5 + absenteeSpread * normal() : 0.1 + 0.1 * normal();
      const turnout = Math.round(size * (0.6 + 0.1 * random()));
      const f = Math.round(turnout * expit(Math.log(share / (1 - share)) + swing));
      current.push({ county, precinct, pseudoKind, first: f, second: turnout - f, total: turnout });
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

  it('widens the interval when the absentee units that are in stray from one another', () => {
    // Every precinct is in and 12 of the 20 absentee units. How far the absentee units stray
    // is their own noise, estimated from them, not from the precincts (which are the same in
    // both states). With one noise SD for all units, the straying absentee units hardly widened
    // the interval, and the 99% interval of the loose state missed the truth.
    const project = (spread: number) => {
      const { current, baseline } = stateWithAbsentee(spread);
      const model = new ProjectionModel(
        buildBaseline(
          current.map((unit) => ({ ...unit, votes: unit.total })),
          baseline,
        ),
        { draws: 1000 },
      );
      const absentee = current.flatMap((unit, index) => (unit.pseudoKind === null ? [] : [index]));
      const reported = new Set(
        current.flatMap((unit, index) => (unit.pseudoKind === null ? [index] : [])),
      );
      for (const index of absentee.slice(0, 12)) reported.add(index);
      const first = current.reduce((sum, unit) => sum + unit.first, 0);
      const second = current.reduce((sum, unit) => sum + unit.second, 0);
      return {
        projection: model.project(counts(current, reported)),
        truth: (100 * (first - second)) / (first + second),
      };
    };
    const tight = project(0.05);
    const loose = project(0.8);
    const width = (p: typeof tight): number =>
      p.projection.interval99[1] - p.projection.interval99[0];
    for (const p of [tight, loose])
      assert.ok(
        p.projection.interval99[0] <= p.truth && p.truth <= p.projection.interval99[1],
        `${p.truth} outside ${p.projection.interval99.join(', ')}`,
      );
    assert.ok(width(loose) > 1.5 * width(tight), `${width(loose)} against ${width(tight)}`);
  });
});
