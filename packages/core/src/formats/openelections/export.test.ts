import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildDefinition, countBatch } from '../../testing/builders.ts';
import {
  alabamaTally,
  collectingSink,
  countyResults,
  tallyOf,
  textChunks,
} from '../document/document-harness.test.ts';
import type { ElectionTally } from '../../tally/election-tally.ts';
import { exportOpenElections } from './export.ts';
import { importOpenElections } from './import.ts';

async function reimport(tally: ElectionTally) {
  const text = [...exportOpenElections(tally)].join('');
  const sink = collectingSink();
  const { definition } = tally;
  const result = await importOpenElections(
    textChunks(text),
    {
      file: 'export.csv',
      definition: null,
      election: {
        id: definition.id,
        name: definition.name,
        date: definition.date,
        state: definition.state,
        type: definition.type,
      },
      onDuplicate: 'error',
      onCountyTotal: 'error',
    },
    sink,
  );
  assert.equal(result.ok, true, JSON.stringify(result.errors.slice(0, 3)));
  return { text, result, again: tallyOf(result.definition, sink.batches, sink.factRecords) };
}

describe('OpenElections CSV export', () => {
  it('round trip: Alabama 2017 exported and imported gives the same results, and the same file again', async () => {
    const tally = await alabamaTally();
    const { text, again } = await reimport(tally);
    assert.deepEqual(countyResults(again), countyResults(tally));
    assert.equal([...exportOpenElections(again)].join(''), text);
    const lines = text.split('\n');
    assert.equal(lines[0], 'county,precinct,office,district,party,candidate,votes');
    assert.ok(
      lines.includes('Autauga,ABSENTEE,UNITED STATES SENATOR,,DEM,Doug Jones,124'),
      lines.slice(0, 20).join('\n'),
    );
  });

  it('writes vote types as method columns, unknown as empty, and keeps them through a round trip', async () => {
    const definition = buildDefinition({
      counties: { Adams: ['P1', 'ABSENTEE'] },
      contests: [{ name: 'Mayor', choices: ['Ada, Jr.', 'Ben'] }],
    });
    const batch = countBatch(definition, [
      { unit: 'adams/p1', contest: 'Mayor', target: 'Ada, Jr.', value: 10 },
      {
        unit: 'adams/p1',
        contest: 'Mayor',
        target: 'Ada, Jr.',
        value: 6,
        voteType: 'election-day',
      },
      { unit: 'adams/p1', contest: 'Mayor', target: 'Ada, Jr.', value: 4, voteType: 'mail' },
      { unit: 'adams/p1', contest: 'Mayor', target: 'Ben', value: 7 },
      { unit: 'adams/p1', contest: 'Mayor', target: 'overvotes', value: 1 },
      { unit: 'adams/absentee', contest: 'Mayor', target: 'Ben', value: 3 },
    ]);
    const tally = tallyOf(
      definition,
      [batch],
      [{ unit: 2, fact: 'registered-voters', voteType: 'total', value: 120, sourceLine: 0 }],
    );
    const { text, again } = await reimport(tally);
    assert.deepEqual(text.split('\n'), [
      'county,precinct,office,district,party,candidate,votes,election_day,mail',
      'Adams,P1,Registered Voters,,,,120,,',
      'Adams,ABSENTEE,Registered Voters,,,,,,',
      'Adams,P1,Mayor,,,"Ada, Jr.",10,6,4',
      'Adams,P1,Mayor,,,Ben,7,,',
      'Adams,P1,Mayor,,,Over Votes,1,,',
      'Adams,ABSENTEE,Mayor,,,"Ada, Jr.",,,',
      'Adams,ABSENTEE,Mayor,,,Ben,3,,',
      '',
    ]);
    const mayor = (
      countyResults(again) as { contests: { choices: { name: string; votes: number }[] }[] }
    ).contests[0];
    assert.deepEqual(
      mayor?.choices.map((choice) => [choice.name, choice.votes]),
      [
        ['Ada, Jr.', 10],
        ['Ben', 10],
      ],
    );
  });
});
