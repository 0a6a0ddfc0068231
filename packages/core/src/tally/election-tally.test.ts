import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { buildDefinition, countBatch, type CountSpec } from '../testing/builders.ts';
import { contestResult } from './contest-results.ts';
import { ElectionTally } from './election-tally.ts';
import { slotsByCounty } from './groupings.ts';
import { resultsDocument } from './results-document.ts';

const definition = buildDefinition({
  counties: { Adams: ['P1', 'P2', 'ABSENTEE'], Baker: ['Q1'] },
  contests: [{ name: 'Mayor', choices: ['Ada', 'Ben', 'Write-In*'] }],
});

function apply(tally: ElectionTally, specs: CountSpec[]): void {
  const applier = tally.beginSubmission(definition);
  applier.counts(countBatch(definition, specs));
}

describe('ElectionTally', () => {
  it('adds precinct counts into contest totals and counts reporting precincts apart from pseudo-precincts', () => {
    const tally = new ElectionTally(definition);
    apply(tally, [
      { unit: 'adams/p1', contest: 'Mayor', target: 'Ada', value: 10 },
      { unit: 'adams/p1', contest: 'Mayor', target: 'Ben', value: 7 },
      { unit: 'adams/absentee', contest: 'Mayor', target: 'Ada', value: 3 },
      { unit: 'adams/absentee', contest: 'Mayor', target: 'Ben', value: 5 },
    ]);
    const result = contestResult(tally, 0, null);
    assert.deepEqual(
      result.choices.map((choice) => choice.votes),
      [13, 12, 0],
    );
    assert.equal(result.leader, 'Ada');
    assert.equal(result.precinctsReporting, 1);
    assert.equal(result.precinctsTotal, 3);
    assert.equal(result.pseudoUnitsReporting, 1);
    assert.equal(result.pseudoUnitsTotal, 1);
  });

  it('keeps overvotes unknown (null) when no unit reports them, and zero when a unit reports zero', () => {
    const tally = new ElectionTally(definition);
    apply(tally, [{ unit: 'adams/p1', contest: 'Mayor', target: 'Ada', value: 1 }]);
    assert.equal(contestResult(tally, 0, null).overvotes, null);
    apply(tally, [{ unit: 'baker/q1', contest: 'Mayor', target: 'overvotes', value: 0 }]);
    assert.equal(contestResult(tally, 0, null).overvotes, 0);
  });

  it('lets a later submission replace what an earlier one said about a unit, and leaves other units alone', () => {
    const tally = new ElectionTally(definition);
    apply(tally, [
      { unit: 'adams/p1', contest: 'Mayor', target: 'Ada', value: 10 },
      { unit: 'adams/p2', contest: 'Mayor', target: 'Ada', value: 4 },
    ]);
    apply(tally, [{ unit: 'adams/p1', contest: 'Mayor', target: 'Ben', value: 12 }]);
    const result = contestResult(tally, 0, null);
    assert.deepEqual(
      result.choices.map((choice) => choice.votes),
      [4, 12, 0],
    );
    assert.equal(tally.submissions, 2);
  });

  it('adds counts with the same key inside one submission (the --on-duplicate sum policy, party lines)', () => {
    const fusion = buildDefinition({
      counties: { Adams: ['P1'] },
      contests: [{ name: 'Senate', choices: ['Ada', 'Ben'], lines: { Ada: ['DEM', 'WOR'] } }],
    });
    const tally = new ElectionTally(fusion);
    tally.beginSubmission(fusion).counts(
      countBatch(fusion, [
        { unit: 'adams/p1', contest: 'Senate', target: 'Ada', line: 'DEM', value: 100 },
        { unit: 'adams/p1', contest: 'Senate', target: 'Ada', line: 'WOR', value: 20 },
        { unit: 'adams/p1', contest: 'Senate', target: 'Ben', value: 110 },
      ]),
    );
    const result = contestResult(tally, 0, null);
    assert.equal(result.choices[0]?.votes, 120);
    assert.deepEqual(result.choices[0].lines, [
      { party: 'DEM', votes: 100 },
      { party: 'WOR', votes: 20 },
    ]);
    assert.equal(result.leader, 'Ada');
  });

  it('keeps vote-type breakdowns beside the total', () => {
    const tally = new ElectionTally(definition);
    apply(tally, [
      { unit: 'adams/p1', contest: 'Mayor', target: 'Ada', value: 10 },
      { unit: 'adams/p1', contest: 'Mayor', target: 'Ada', value: 6, voteType: 'election-day' },
      { unit: 'adams/p1', contest: 'Mayor', target: 'Ada', value: 4, voteType: 'absentee' },
    ]);
    assert.deepEqual(contestResult(tally, 0, null).choices[0]?.byVoteType, {
      'election-day': 6,
      absentee: 4,
    });
  });

  it('replays submissions validated against an older definition version onto a newer one', () => {
    const older = buildDefinition({
      counties: { Adams: ['P1'] },
      contests: [{ name: 'Mayor', choices: ['Ada', 'Ben'] }],
    });
    const newer = buildDefinition({
      counties: { Zed: ['Z1'], Adams: ['P1'] },
      contests: [{ name: 'Mayor', choices: ['Cy', 'Ben', 'Ada'] }],
    });
    const tally = new ElectionTally(newer);
    tally
      .beginSubmission(older)
      .counts(countBatch(older, [{ unit: 'adams/p1', contest: 'Mayor', target: 'Ada', value: 9 }]));
    const result = contestResult(tally, 0, null);
    assert.equal(result.choices.find((choice) => choice.name === 'Ada')?.votes, 9);
    assert.equal(result.choices.find((choice) => choice.name === 'Cy')?.votes, 0);
  });

  it('reports a tie in the results document with leader null', () => {
    const tally = new ElectionTally(definition);
    apply(tally, [
      { unit: 'adams/p1', contest: 'Mayor', target: 'Ada', value: 5 },
      { unit: 'adams/p1', contest: 'Mayor', target: 'Ben', value: 5 },
    ]);
    const contest = resultsDocument(tally, 'hash').contests[0];
    assert.equal(contest?.leader, null);
    assert.equal(contest.tie, true);
  });

  it('county totals always sum to the contest totals, for any subset of precincts reporting', () => {
    const big = buildDefinition({
      counties: { A: ['a1', 'a2', 'ABSENTEE'], B: ['b1', 'b2', 'b3'], C: ['c1'] },
      contests: [{ name: 'Race', choices: ['X', 'Y', 'Z'] }],
    });
    const units = big.units
      .filter((unit) => unit.kind === 'precinct' || unit.kind === 'pseudo')
      .map((unit) => unit.id);
    const count = fc.record({
      unit: fc.constantFrom(...units),
      target: fc.constantFrom('X', 'Y', 'Z', 'overvotes', 'undervotes'),
      value: fc.integer({ min: 0, max: 1_000_000 }),
    });
    fc.assert(
      fc.property(fc.array(fc.array(count, { maxLength: 30 }), { maxLength: 5 }), (submissions) => {
        const tally = new ElectionTally(big);
        for (const specs of submissions) {
          tally.beginSubmission(big).counts(
            countBatch(
              big,
              specs.map((spec) => ({ ...spec, contest: 'Race' })),
            ),
          );
        }
        const total = contestResult(tally, 0, null);
        const counties = slotsByCounty(tally, 0).map((group) =>
          contestResult(tally, 0, group.slots),
        );
        total.choices.forEach((choice, index) => {
          assert.equal(
            counties.reduce((sum, county) => sum + (county.choices[index]?.votes ?? 0), 0),
            choice.votes,
          );
        });
        assert.equal(
          counties.reduce((sum, county) => sum + county.precinctsReporting, 0),
          total.precinctsReporting,
        );
        const over = counties.filter((county) => county.overvotes !== null);
        assert.equal(
          over.length === 0 ? null : over.reduce((sum, county) => sum + (county.overvotes ?? 0), 0),
          total.overvotes,
        );
      }),
    );
  });
});
