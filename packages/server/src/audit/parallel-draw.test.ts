import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { buildDefinition, countBatch } from '@canvass/core/testing';
import { loadTally } from '../store/load-tally.ts';
import type { KyselyStore } from '../store/kysely-store.ts';
import { openSqliteStore } from '../store/sqlite-store.ts';
import { BallotRankingPool } from '../sampling/parallel-ranking.ts';
import { AuditWorkflow } from './audit-workflow.ts';

const definition = buildDefinition({
  counties: { Adams: ['P1'], Baker: ['Q1'] },
  contests: [{ name: 'Mayor', choices: ['Ada', 'Ben'] }],
});
// 24,000 ballots in 40 batches: large enough to split, small enough to be quick.
const MANIFEST = [
  'county,tabulator,batch,ballots',
  ...Array.from({ length: 40 }, (_, i) => `${i % 2 === 0 ? 'Adams' : 'Baker'},T${i % 3},B${i},600`),
].join('\n');

async function electionStore(): Promise<KyselyStore> {
  const store = await openSqliteStore(':memory:');
  await store.defineElection(definition);
  const outcome = await store.writeSubmission(
    {
      electionId: definition.id,
      format: 'fixture',
      sourceName: 'counts.csv',
      submittedBy: 'test',
      options: {},
    },
    async (sink) => {
      await sink.counts(
        countBatch(definition, [
          { unit: 'adams/p1', contest: 'Mayor', target: 'Ada', value: 13_000 },
          { unit: 'baker/q1', contest: 'Mayor', target: 'Ben', value: 11_000 },
        ]),
      );
      return {
        errors: [],
        errorCount: 0,
        warnings: [],
        definition,
        sha256: 'counts',
        byteSize: 1,
        rows: 2,
        counts: 2,
      };
    },
  );
  assert.equal(outcome.status, 'accepted');
  return store;
}

/** Draws the first round of a BRAVO audit and returns every county's retrieval list (tickets included). */
async function firstRound(workflow: AuditWorkflow): Promise<unknown[]> {
  const created = await workflow.create({
    electionId: definition.id,
    name: 'Mayor RLA',
    actor: 'sos',
    riskLimit: 10,
    method: 'bravo',
    contestIds: ['mayor'],
  });
  const auditId = created.audit.id;
  await workflow.importManifest(auditId, MANIFEST, 'sos');
  await workflow.setSeed(auditId, '31415926535897932384', 'sos');
  await workflow.drawRound(auditId, 2000, 'sos');
  const lists: unknown[] = [];
  for (const county of ['Adams', 'Baker']) lists.push(await workflow.retrieval(auditId, 1, county));
  return lists;
}

describe('audit draws with the ranking on two threads', () => {
  const pool = new BallotRankingPool(1);
  after(() => pool.close());

  it('draw exactly the sample one thread draws', async () => {
    let ranked = 0;
    const single = await electionStore();
    const parallel = await electionStore();
    const tallyOf = (store: KyselyStore) => async (id: string) =>
      (await loadTally(store, id))?.tally ?? null;
    const alone = await firstRound(new AuditWorkflow({ store: single, tallyOf: tallyOf(single) }));
    const split = await firstRound(
      new AuditWorkflow({
        store: parallel,
        tallyOf: tallyOf(parallel),
        parallelRankingMinBallots: 0,
        rankBallots: (input) => {
          ranked++;
          return pool.rank(input);
        },
      }),
    );
    assert.equal(ranked, 1);
    assert.deepEqual(split, alone);
    await single.close();
    await parallel.close();
  });
});
