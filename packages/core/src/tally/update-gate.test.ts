import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildDefinition, countBatch, type CountSpec } from '../testing/builders.ts';
import { ElectionTally } from './election-tally.ts';
import { UpdateGate } from './update-gate.ts';

const definition = buildDefinition({
  counties: { Adams: ['P1', 'P2'] },
  contests: [{ name: 'Mayor', choices: ['Ada', 'Ben'] }],
});

function tallyOf(specs: readonly CountSpec[]): ElectionTally {
  const tally = new ElectionTally(definition);
  tally.beginSubmission(definition).counts(countBatch(definition, specs));
  return tally;
}

function findings(current: ElectionTally, specs: readonly CountSpec[]) {
  const gate = new UpdateGate(current, definition);
  gate.counts(countBatch(definition, specs));
  return gate.findings();
}

const p1 = (ada: number, ben: number): CountSpec[] => [
  { unit: 'adams/p1', contest: 'Mayor', target: 'Ada', value: ada },
  { unit: 'adams/p1', contest: 'Mayor', target: 'Ben', value: ben },
];

describe('UpdateGate', () => {
  it('lets a first report, an unchanged report and an increase through', () => {
    assert.deepEqual(findings(new ElectionTally(definition), p1(5, 6)), []);
    assert.deepEqual(findings(tallyOf(p1(5, 6)), p1(5, 6)), []);
    assert.deepEqual(findings(tallyOf(p1(5, 6)), p1(7, 6)), []);
  });

  it('finds each lowered count, and a count the unit no longer reports', () => {
    const lowered = findings(tallyOf(p1(5, 6)), p1(4, 6));
    assert.deepEqual(
      lowered.map((finding) => [finding.code, finding.unitId, finding.message]),
      [['lowered-count', 'adams/p1', 'P1: Mayor / Ada would go from 5 to 4']],
    );
    const dropped = findings(tallyOf(p1(5, 6)), p1(5, 6).slice(0, 1));
    assert.match(dropped[0]?.message ?? 'none', /Ben would go from 6 to no count/);
  });

  it('sums counts with the same key inside one update before comparing', () => {
    const split: CountSpec[] = [
      ...p1(3, 6),
      { unit: 'adams/p1', contest: 'Mayor', target: 'Ada', value: 2 },
    ];
    assert.deepEqual(findings(tallyOf(p1(5, 6)), split), []);
  });

  it('ignores units the update does not report', () => {
    const other: CountSpec[] = [{ unit: 'adams/p2', contest: 'Mayor', target: 'Ada', value: 1 }];
    assert.deepEqual(findings(tallyOf(p1(5, 6)), other), []);
  });

  it('holds an update whose ballots cast exceed registered voters', () => {
    const gate = new UpdateGate(new ElectionTally(definition), definition);
    const unit = definition.units.findIndex((candidate) => candidate.id === 'adams/p2');
    gate.facts([
      { unit, fact: 'registered-voters', voteType: 'total', value: 10, sourceLine: 2 },
      { unit, fact: 'ballots-cast', voteType: 'total', value: 11, sourceLine: 3 },
    ]);
    assert.deepEqual(
      gate.findings().map((finding) => finding.code),
      ['ballots-exceed-registered'],
    );
  });
});
