import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { buildDefinition } from '@canvass/core/testing';
import { verifyElection } from '../ledger/verify-election.ts';
import { LiveResults } from '../live/live-results.ts';
import type { KyselyStore } from '../store/kysely-store.ts';
import { openPostgresStore } from '../store/postgres-store.ts';
import { storeEngines } from '../testing/store-engines.ts';
import { gatedImport, type GatedOutcome } from './gated-import.ts';

const definition = buildDefinition({
  counties: { Adams: ['P1', 'P2'] },
  contests: [{ name: 'Mayor', choices: ['Ada', 'Ben'] }],
});
const ELECTION = definition.id;

/** Adams P1 reporting `ada` and `ben`. */
const p1 = (ada: number, ben: number): Uint8Array =>
  Buffer.from(
    `county,precinct,office,district,party,candidate,votes\nAdams,P1,Mayor,,,Ada,${ada}\nAdams,P1,Mayor,,,Ben,${ben}\n`,
  );

/** A submission through the gate as the API makes it, applied to the node's live results. */
async function submitOn(
  store: KyselyStore,
  live: LiveResults,
  bytes: Uint8Array,
  sourceName: string,
): Promise<GatedOutcome> {
  const outcome = await gatedImport({
    store,
    live,
    bytes,
    sourceName,
    electionId: ELECTION,
    submittedBy: 'adams-clerk',
    policy: { onDuplicate: 'error', onCountyTotal: 'error' },
    allowedCounties: null,
    correction: null,
  });
  if (outcome.status === 'accepted') await live.applyAccepted(outcome.submission);
  return outcome;
}

const adaInP1 = (live: LiveResults): number | undefined =>
  live
    .election(ELECTION)
    ?.results()
    .body.toString('utf8')
    .match(/"name":"Ada"[^}]*?"votes":(\d+)/)
    ?.slice(1)
    .map(Number)[0];

for (const engine of storeEngines()) {
  describe(`reconciliation gate against a stale view (${engine.name})`, () => {
    after(() => engine.cleanup());

    it('holds a lowering update decided on counts another node has since moved past', async () => {
      const store = await engine.open();
      try {
        await store.defineElection(definition);
        const nodeA = await LiveResults.load(store);
        assert.equal((await submitOn(store, nodeA, p1(50, 50), 'first.csv')).status, 'accepted');
        // Node B has the first report; it has not yet heard of node A's next one.
        const nodeB = await LiveResults.load(store);
        assert.equal((await submitOn(store, nodeA, p1(100, 100), 'raise.csv')).status, 'accepted');
        assert.equal(nodeB.election(ELECTION)?.version, 1);
        // 70 raises what node B last saw (50) but lowers what is stored (100): held.
        const late = await submitOn(store, nodeB, p1(70, 70), 'late.csv');
        assert.equal(late.status, 'held');
        assert.equal(nodeB.election(ELECTION)?.version, 2, 'node B caught up to decide');
        assert.equal(adaInP1(nodeB), 100);
        assert.deepEqual(
          (await store.listSubmissions(ELECTION)).map((s) => s.sourceName),
          ['first.csv', 'raise.csv'],
        );
        assert.deepEqual((await verifyElection(store, ELECTION)).problems, []);
      } finally {
        await store.close();
      }
    });
  });
}

const url = process.env['TEST_DATABASE_URL'];
describe(
  'reconciliation gate with two nodes sharing PostgreSQL',
  { skip: url === undefined || url === '' ? 'TEST_DATABASE_URL is not set' : false },
  () => {
    const schema = `canvass_race_${randomBytes(4).toString('hex')}`;
    const keyDir = mkdtempSync(join(tmpdir(), 'canvass-race-key-'));
    const stores: KyselyStore[] = [];

    after(async () => {
      for (const store of stores) await store.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
      rmSync(keyDir, { recursive: true, force: true });
    });

    it('never lets two racing updates both pass when the later one lowers a count', async () => {
      const open = () =>
        openPostgresStore({
          connectionString: url ?? '',
          schema,
          maxConnections: 4,
          signingKeyPath: join(keyDir, 'signing-key.pem'),
        });
      const storeA = await open();
      stores.push(storeA);
      const storeB = await open();
      stores.push(storeB);
      await storeA.defineElection(definition);
      const nodeA = await LiveResults.load(storeA);
      const nodeB = await LiveResults.load(storeB);
      const ROUNDS = 12;
      const outcomes: { a: GatedOutcome; b: GatedOutcome }[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        // Both above everything earlier; node A's above node B's, so B lowers A if it lands last.
        const [a, b] = await Promise.all([
          submitOn(storeA, nodeA, p1(100 * round + 7, 10), `a-${round}.csv`),
          submitOn(storeB, nodeB, p1(100 * round + 3, 10), `b-${round}.csv`),
        ]);
        outcomes.push({ a, b });
      }
      const heldRounds = outcomes.filter(({ b }) => b.status === 'held').length;
      for (const [index, { a, b }] of outcomes.entries()) {
        assert.equal(a.status, 'accepted', `round ${index + 1}: node A raised every count`);
        assert.ok(
          b.status === 'accepted' || b.status === 'held',
          `round ${index + 1}: ${b.status}`,
        );
        // Node B's update passed only when it landed before node A's.
        if (b.status === 'accepted')
          assert.ok(
            b.submission.id < a.submission.id,
            `round ${index + 1}: node B's lower count was accepted after node A's`,
          );
      }
      assert.deepEqual((await verifyElection(storeA, ELECTION)).problems, []);
      await nodeA.catchUp(ELECTION);
      await nodeB.catchUp(ELECTION);
      assert.equal(nodeA.election(ELECTION)?.version, nodeB.election(ELECTION)?.version);
      assert.equal(adaInP1(nodeA), 100 * ROUNDS + 7);
      assert.equal(adaInP1(nodeB), 100 * ROUNDS + 7);
      console.log(`# ${ROUNDS} racing rounds: node B's lowering update held in ${heldRounds}`);
    });
  },
);
