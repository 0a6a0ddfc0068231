import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ElectionDefinitionSchema } from '../../model/election.ts';
import { dataFile, run, sum } from './harness.test.ts';

describe('importOpenElections: the full Alabama files', () => {
  it('2017 special general: Senate figures, units and empty cells', async () => {
    const { result, counts } = await run(
      dataFile('20171212__al__special__general__precinct.csv'),
      {},
      65536,
    );
    assert.equal(result.ok, true, JSON.stringify(result.errors.slice(0, 3)));
    assert.equal(result.rows, 26949);
    const senate = { contest: 'UNITED STATES SENATOR' };
    assert.equal(sum(counts, { ...senate, target: 'Doug Jones' }), 673352);
    assert.equal(sum(counts, { ...senate, target: 'Roy S. Moore' }), 650940);
    assert.equal(sum(counts, { ...senate, target: 'Write-In' }), 21464);
    assert.equal(sum(counts, { ...senate, target: 'overvotes' }), 251);
    assert.equal(sum(counts, { ...senate, target: 'undervotes' }), 1459);
    const units = result.definition.units;
    assert.equal(units.filter((unit) => unit.kind === 'county').length, 67);
    assert.equal(
      units.filter((unit) => unit.kind === 'precinct' || unit.kind === 'pseudo').length,
      2235,
    );
    assert.equal(result.emptyVoteCells, 601);
    // Rows less fact rows (2,235 + 2,235 + 69) less empty cells outside fact rows (601 - 5).
    assert.equal(result.counts, 26949 - 2235 - 2235 - 69 - (601 - 5));
    // Absentee units hold Jones 15,566 / Moore 8,952 (NOTES.md).
    const pseudo = new Map(units.map((unit) => [unit.id, unit.pseudoKind]));
    const absentee = (name: string): number =>
      counts
        .filter(
          (count) =>
            count.contest === senate.contest &&
            count.target === name &&
            pseudo.get(count.unit) === 'absentee',
        )
        .reduce((total, count) => total + count.value, 0);
    assert.equal(absentee('Doug Jones'), 15566);
    assert.equal(absentee('Roy S. Moore'), 8952);
    const provisional = (name: string): number =>
      counts
        .filter(
          (count) =>
            count.contest === senate.contest &&
            count.target === name &&
            pseudo.get(count.unit) === 'provisional',
        )
        .reduce((total, count) => total + count.value, 0);
    // NOTES.md gives 2,088 / 849; it leaves out Chilton's PROVI, where truncated names collided
    // (50 Jones votes). Truncated PROVI is a provisional unit here, as in Montgomery.
    assert.equal(
      provisional('Doug Jones') - sum(counts, { unit: 'chilton/provi', target: 'Doug Jones' }),
      2088,
    );
    assert.equal(
      provisional('Roy S. Moore') - sum(counts, { unit: 'chilton/provi', target: 'Roy S. Moore' }),
      849,
    );
    assert.doesNotThrow(() => ElectionDefinitionSchema.parse(result.definition));
  });

  it('2016 general imports: President figures', async () => {
    const { result, counts } = await run(
      dataFile('20161108__al__general__precinct.csv'),
      {},
      65536,
    );
    assert.equal(result.ok, true, JSON.stringify(result.errors.slice(0, 3)));
    assert.equal(sum(counts, { contest: 'President', target: 'Donald J. Trump' }), 1317127);
    assert.equal(sum(counts, { contest: 'President', target: 'Hillary Rodham Clinton' }), 727869);
    assert.equal(
      result.definition.units.filter((unit) => unit.kind === 'precinct' || unit.kind === 'pseudo')
        .length,
      2341,
    );
  });
});
