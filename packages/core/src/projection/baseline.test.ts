import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildBaseline } from './baseline.ts';
import { PRESIDENT_2016, SENATE_2017 } from './load-alabama.test.ts';

describe('buildBaseline on Alabama 2017 against President 2016', () => {
  it('matches at least 95% of 2017 votes and keeps every county total exact', async () => {
    const current = await SENATE_2017();
    const president = await PRESIDENT_2016();
    const baseline = buildBaseline(
      current.map((unit) => ({ ...unit, votes: unit.total })),
      president,
    );
    assert.equal(baseline.state.units, 2235);
    assert.equal(baseline.state.votes, 1345756);
    assert.ok(
      baseline.state.matchedVotes / baseline.state.votes >= 0.95,
      JSON.stringify(baseline.state),
    );
    assert.ok(baseline.state.matchedUnits / baseline.state.units >= 0.95);
    assert.equal(baseline.counties.length, 67);
    assert.deepEqual(baseline.missingCounties, []);
    // Each county's groups hold exactly its 2016 votes, matched or pooled.
    const byCounty = new Map<string, number>();
    for (const unit of president)
      byCounty.set(unit.county, (byCounty.get(unit.county) ?? 0) + unit.first);
    const grouped = new Map<string, number>();
    for (const group of baseline.groups)
      grouped.set(group.county, (grouped.get(group.county) ?? 0) + group.first);
    assert.deepEqual(grouped, byCounty);
    // Every 2017 precinct is in one group, and the table gives its tier.
    assert.equal(baseline.table.length, 2235);
    assert.ok(baseline.groupOfCurrent.every((group) => group >= 0));
    const sum = Object.values(baseline.tiers).reduce((a, b) => a + b, 0);
    assert.equal(sum, 2235);
    assert.ok(baseline.tiers.exact > 1300);
    const chilton = baseline.table.find(
      (row) => row.county === 'Chilton' && row.precinct === 'AMERI',
    );
    assert.deepEqual(chilton?.baselinePrecincts, ['AMERICAN LEGION POST']);
    assert.equal(chilton.tier, 'prefix');
    const montgomery = baseline.table.find(
      (row) => row.county === 'Montgomery' && row.precinct === '101 H',
    );
    assert.equal(montgomery?.baselinePrecincts.length, 4);
  });
});
