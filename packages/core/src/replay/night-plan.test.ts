import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planNight, REPLAY_ORDERS, type ReplayUnit } from './night-plan.ts';

const units: ReplayUnit[] = [];
for (const county of ['Jefferson', 'Bibb', 'Coosa', 'Mobile']) {
  for (let i = 0; i < 12; i++)
    units.push({ county, key: `${county}/${i}`, votes: (i + 1) * 100, pseudo: i === 11 });
}

describe('planNight', () => {
  for (const order of REPLAY_ORDERS) {
    it(`${order}: reports every unit exactly once, cumulatively, in time order`, () => {
      const batches = planNight(units, { order, seed: 7 });
      const finalByCounty = new Map<string, readonly string[]>();
      let previous = -1;
      for (const batch of batches) {
        assert.ok(batch.at >= previous, 'batches are in time order');
        previous = batch.at;
        const before = finalByCounty.get(batch.county) ?? [];
        assert.deepEqual(batch.unitKeys.slice(0, before.length), [...before], 'cumulative');
        assert.equal(batch.unitKeys.length - before.length, batch.added);
        finalByCounty.set(batch.county, batch.unitKeys);
      }
      const all = [...finalByCounty.values()].flat().sort();
      assert.deepEqual(all, units.map((unit) => unit.key).sort());
      assert.ok(batches.length > 4, 'counties post in several batches');
    });
  }

  it('is reproducible from the seed and differs between seeds', () => {
    assert.deepEqual(
      planNight(units, { order: 'random', seed: 3 }),
      planNight(units, { order: 'random', seed: 3 }),
    );
    assert.notDeepEqual(
      planNight(units, { order: 'random', seed: 3 }),
      planNight(units, { order: 'random', seed: 4 }),
    );
  });

  it('big-cities-last reports the big-city counties after every other county is done', () => {
    const batches = planNight(units, { order: 'big-cities-last', seed: 1 });
    const lastSmall = Math.max(
      ...batches.filter((b) => b.county === 'Bibb' || b.county === 'Coosa').map((b) => b.at),
    );
    const firstBigNonEmpty = batches
      .filter((b) => b.county === 'Jefferson' || b.county === 'Mobile')
      .map((b) => b.at);
    assert.ok(Math.min(...firstBigNonEmpty) >= lastSmall - 600);
  });

  it('pseudo-last reports absentee and provisional units at the end', () => {
    const batches = planNight(units, { order: 'pseudo-last', seed: 1 });
    const seen: string[] = [];
    const counted = new Map<string, number>();
    for (const batch of batches) {
      const before = counted.get(batch.county) ?? 0;
      seen.push(...batch.unitKeys.slice(before));
      counted.set(batch.county, batch.unitKeys.length);
    }
    const firstPseudo = seen.findIndex((key) => key.endsWith('/11'));
    assert.equal(firstPseudo, units.length - 4);
  });
});
