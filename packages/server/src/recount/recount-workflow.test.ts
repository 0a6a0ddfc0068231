import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ElectionTally, exportNist, type ElectionDefinition } from '@canvass/core';
import { buildDefinition, countBatch } from '@canvass/core/testing';
import { importStream } from '../ingest/import-stream.ts';
import { verifyElection } from '../ledger/verify-election.ts';
import { webhookDatabase } from '../webhooks/schema.ts';
import type { KyselyStore } from '../store/kysely-store.ts';
import { loadTally } from '../store/load-tally.ts';
import { storeEngines } from '../testing/store-engines.ts';
import { compareStoredRecount, importRecount } from './recount-service.ts';
import { listRecounts } from './recount-store.ts';

const definition: ElectionDefinition = {
  ...buildDefinition({
    counties: { Adams: ['P1', 'P2'], Baker: ['Q1', 'Q2'] },
    contests: [
      { name: 'Mayor', choices: ['Ada', 'Ben'] },
      { name: 'Sheriff', choices: ['Cy', 'Di'] },
    ],
  }),
  id: 'county-2026',
  state: 'AL',
};

const ORIGINAL: [string, string, number, number][] = [
  ['adams/p1', 'Mayor', 100, 90],
  ['adams/p2', 'Mayor', 50, 58],
  ['baker/q1', 'Mayor', 20, 22],
  ['baker/q2', 'Mayor', 30, 29],
  ['adams/p1', 'Sheriff', 5, 6],
];

async function submitOriginal(store: KyselyStore): Promise<void> {
  await store.defineElection(definition);
  const lines = ['county,precinct,office,district,party,candidate,votes'];
  for (const [unit, contest, a, b] of ORIGINAL) {
    const [county, precinct] =
      unit === 'adams/p1'
        ? ['Adams', 'P1']
        : unit === 'adams/p2'
          ? ['Adams', 'P2']
          : unit === 'baker/q1'
            ? ['Baker', 'Q1']
            : ['Baker', 'Q2'];
    const [first, second] = contest === 'Mayor' ? ['Ada', 'Ben'] : ['Cy', 'Di'];
    lines.push(`${county},${precinct},${contest},,,${first},${String(a)}`);
    lines.push(`${county},${precinct},${contest},,,${second},${String(b)}`);
  }
  // eslint-disable-next-line @typescript-eslint/require-await -- a one-chunk async source
  async function* bytes(): AsyncGenerator<Buffer> {
    yield Buffer.from(`${lines.join('\n')}\n`);
  }
  const outcome = await importStream({
    store,
    source: { kind: 'bytes', bytes: bytes() },
    sourceName: 'original.csv',
    electionId: definition.id,
    submittedBy: 'test',
  });
  assert.equal(outcome.status, 'accepted', JSON.stringify(outcome));
}

/** An OpenElections CSV of the Mayor's race in some precincts. */
function csv(rows: readonly [string, string, number, number][]): Uint8Array {
  const lines = ['county,precinct,office,district,party,candidate,votes'];
  for (const [county, precinct, ada, ben] of rows) {
    lines.push(`${county},${precinct},Mayor,,,Ada,${String(ada)}`);
    lines.push(`${county},${precinct},Mayor,,,Ben,${String(ben)}`);
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

const engines = storeEngines();
after(async () => {
  for (const engine of engines) await engine.cleanup();
});

for (const engine of engines) {
  describe(`recount workflow on ${engine.name}`, () => {
    it('records a recount beside the original, in the ledger, and compares it', async () => {
      const store = await engine.open();
      try {
        await submitOriginal(store);
        const before = await loadTally(store, definition.id);
        const ledgerBefore = await store.listLedger(definition.id);
        // Adams recounted: P1 loses a vote for Ada and gains 12 for Ben, P2 unchanged.
        const bytes = csv([
          ['Adams', 'P1', 99, 102],
          ['Adams', 'P2', 50, 58],
        ]);
        const outcome = await importRecount({
          store,
          electionId: definition.id,
          contestId: 'mayor',
          bytes,
          sourceName: 'adams-recount.csv',
          submittedBy: 'canvass-board',
        });
        assert.equal(outcome.status, 'recorded', JSON.stringify(outcome));
        assert.equal(outcome.recount.units, 2);
        assert.equal(outcome.recount.format, 'openelections');
        // The ledger gained exactly one signed recount record naming the file.
        const ledger = await store.listLedger(definition.id);
        assert.equal(ledger.length, ledgerBefore.length + 1);
        const record = ledger.at(-1);
        assert.equal(record?.kind, 'recount');
        assert.equal(record.actor, 'canvass-board');
        assert.equal(record.payload['sourceSha256'], outcome.recount.sourceSha256);
        assert.equal(record.payload['contestId'], 'mayor');
        assert.deepEqual((await verifyElection(store, definition.id)).problems, []);
        const events = await webhookDatabase(store.database)
          .selectFrom('webhook_events')
          .select(['type', 'payload'])
          .where('type', '=', 'recount.status')
          .execute();
        assert.equal(events.length, 1);
        assert.match(events[0]?.payload ?? '', /"status":"recorded"/);
        // The original count is untouched.
        const after = await loadTally(store, definition.id);
        assert.equal(after?.tally.submissions, before?.tally.submissions);
        const compared = await compareStoredRecount(store, definition.id, outcome.recount.id);
        assert.ok(compared.ok);
        const c = compared.comparison;
        assert.deepEqual(
          c.precincts.map((p) => [p.id, p.original, p.recount, p.difference]),
          [['adams/p1', [100, 90], [99, 102], [-1, 12]]],
        );
        assert.deepEqual(
          c.counties.map((county) => [county.id, county.precinctsRecounted, county.difference]),
          [['adams', 2, [-1, 12]]],
        );
        // Ada led 200-199; with Adams recounted Ben leads 199-211.
        assert.deepEqual(c.totals.original, [200, 199]);
        assert.deepEqual(c.totals.recount, [199, 211]);
        assert.equal(c.outcomeChanged, true);
        assert.equal(c.unitsNotRecounted, 2);
        // The same bytes again are recognised, not stored twice.
        const again = await importRecount({
          store,
          electionId: definition.id,
          contestId: 'mayor',
          bytes,
          sourceName: 'again.csv',
          submittedBy: 'canvass-board',
        });
        assert.equal(again.status, 'duplicate');
        assert.equal((await listRecounts(store, definition.id)).length, 1);
      } finally {
        await store.close();
      }
    });

    it('reads a recount in another format: a NIST SP 1500-100 JSON report', async () => {
      const store = await engine.open();
      try {
        await submitOriginal(store);
        // The recount's own count of Baker Q1, written out as a NIST report.
        const recounted = new ElectionTally(definition);
        recounted.beginSubmission(definition).counts(
          countBatch(definition, [
            { unit: 'baker/q1', contest: 'Mayor', target: 'Ada', value: 21 },
            { unit: 'baker/q1', contest: 'Mayor', target: 'Ben', value: 22 },
          ]),
        );
        const { report } = exportNist(recounted, { generatedAt: new Date('2026-11-20T12:00:00Z') });
        const outcome = await importRecount({
          store,
          electionId: definition.id,
          contestId: 'mayor',
          bytes: Buffer.from(JSON.stringify(report)),
          sourceName: 'baker-recount.json',
          submittedBy: 'canvass-board',
        });
        assert.equal(outcome.status, 'recorded', JSON.stringify(outcome).slice(0, 400));
        assert.equal(outcome.recount.format, 'nist-json');
        const compared = await compareStoredRecount(store, definition.id, outcome.recount.id);
        assert.ok(compared.ok);
        assert.deepEqual(
          compared.comparison.precincts.map((p) => [p.id, p.difference]),
          [['baker/q1', [1, 0]]],
        );
      } finally {
        await store.close();
      }
    });

    it('refuses a bad recount whole: nothing stored, nothing in the ledger', async () => {
      const store = await engine.open();
      try {
        await submitOriginal(store);
        const ledgerBefore = (await store.listLedger(definition.id)).length;
        const cases: [Parameters<typeof importRecount>[0], string, RegExp][] = [
          [
            {
              store,
              electionId: definition.id,
              contestId: 'mayor',
              bytes: csv([['Adams', 'P9', 1, 2]]),
              sourceName: 'p9.csv',
              submittedBy: 'x',
            },
            // The importer itself refuses a precinct the definition does not have.
            'unknown-precinct',
            /P9/,
          ],
          [
            {
              store,
              electionId: definition.id,
              contestId: 'mayor',
              bytes: Buffer.from(
                'county,precinct,office,district,party,candidate,votes\nAdams,P1,Mayor,,,Ada,ten\n',
              ),
              sourceName: 'bad.csv',
              submittedBy: 'x',
            },
            '',
            /bad\.csv/,
          ],
          [
            {
              store,
              electionId: definition.id,
              contestId: 'dog-catcher',
              bytes: csv([['Adams', 'P1', 1, 2]]),
              sourceName: 'x.csv',
              submittedBy: 'x',
            },
            'unknown-contest',
            /dog-catcher/,
          ],
          [
            {
              store,
              electionId: definition.id,
              contestId: 'sheriff',
              bytes: csv([['Adams', 'P1', 1, 2]]),
              sourceName: 'mayor-only.csv',
              submittedBy: 'x',
            },
            'no-counts',
            /Sheriff/,
          ],
        ];
        for (const [request, code, message] of cases) {
          const outcome = await importRecount(request);
          assert.equal(outcome.status, 'rejected', request.sourceName);
          if (code !== '') assert.equal(outcome.errors[0]?.code, code);
          const error = outcome.errors[0];
          assert.match(`${error?.file ?? ''} ${error?.reason ?? ''}`, message);
        }
        assert.equal((await listRecounts(store, definition.id)).length, 0);
        assert.equal((await store.listLedger(definition.id)).length, ledgerBefore);
      } finally {
        await store.close();
      }
    });
  });
}
