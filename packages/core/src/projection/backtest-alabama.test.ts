import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BACKTEST_ORDERS,
  orderPrecincts,
  runBacktest,
  type BacktestCheckpoint,
} from './backtest.ts';
import { buildBaseline } from './baseline.ts';
import { PRESIDENT_2016, SENATE_2017 } from './load-alabama.test.ts';

// Every order of the issue once (seed 0), with fewer Monte Carlo draws than the default so the
// suite stays fast; bench/projection runs the full protocol (five seeds, default draws).
describe('backtest on Alabama 2017 (truth: DEM +1.692)', () => {
  it('never calls the wrong side, never retracts, and its intervals cover the truth', async () => {
    const current = await SENATE_2017();
    const president = await PRESIDENT_2016();
    const baseline = buildBaseline(
      current.map((unit) => ({ ...unit, votes: unit.total })),
      president,
    );
    const first = current.reduce((sum, unit) => sum + unit.first, 0);
    const second = current.reduce((sum, unit) => sum + unit.second, 0);
    const truth = (100 * (first - second)) / (first + second);
    assert.equal(truth.toFixed(3), '1.692');
    const all: BacktestCheckpoint[] = [];
    for (const order of BACKTEST_ORDERS) {
      const points = runBacktest({
        current,
        baseline: president,
        order: orderPrecincts(current, baseline, order, 0),
        pair: ['DEM', 'REP'],
        options: { draws: 500 },
      });
      assert.equal(points.length, 23);
      for (const point of points) {
        assert.notEqual(point.call?.winner, 'REP', `${order} at ${point.unitsFraction}`);
        for (const event of point.events) assert.notEqual(event.type, 'retracted', order);
      }
      // Once called, the call stands at every later checkpoint.
      const firstCall = points.findIndex((point) => point.call !== null);
      assert.ok(firstCall >= 0, `${order}: called by 100%`);
      assert.ok(
        points.slice(firstCall).every((point) => point.call?.winner === 'DEM'),
        order,
      );
      assert.equal(points.at(-1)?.call?.kind, 'mathematical');
      all.push(...points.filter((point) => point.unitsFraction < 1));
    }
    const covered = (key: 'interval90' | 'interval99'): number =>
      all.filter((point) => point[key][0] <= truth && truth <= point[key][1]).length / all.length;
    assert.ok(covered('interval90') >= 0.9, `90% coverage ${covered('interval90')}`);
    assert.ok(covered('interval99') >= 0.99, `99% coverage ${covered('interval99')}`);
  });
});
