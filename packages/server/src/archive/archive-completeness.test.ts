import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { pino } from 'pino';
import { buildDefinition } from '@canvass/core/testing';
import { Accounts } from '../auth/accounts.ts';
import { gatedImport } from '../gate/gated-import.ts';
import { listHeld } from '../gate/held-store.ts';
import { createApp } from '../http/app.ts';
import { verifyElection } from '../ledger/verify-election.ts';
import { LiveResults } from '../live/live-results.ts';
import { importRecount } from '../recount/recount-service.ts';
import type { KyselyStore } from '../store/kysely-store.ts';
import { storeEngines } from '../testing/store-engines.ts';
import { WebhookDispatcher } from '../webhooks/dispatcher.ts';
import { WebhookEndpoints } from '../webhooks/endpoints.ts';
import { ResultsAnnouncer } from '../webhooks/results-announcer.ts';
import {
  ARCHIVED_TABLES,
  restoreElectionArchive,
  writeElectionArchive,
} from './election-archive.ts';

const definition = buildDefinition({
  counties: { Adams: ['P1', 'P2'], Baker: ['Q1'] },
  contests: [{ name: 'Mayor', choices: ['Ada', 'Ben'] }],
});
const ELECTION = definition.id;
const CONTEST = definition.contests[0]?.id ?? '';
const HEADER = 'county,precinct,office,district,party,candidate,votes\n';
/** Nothing listens on port 9: deliveries there fail, and are recorded as attempts. */
const PARTNER_URL = 'http://127.0.0.1:9/canvass-hook';
const ADMIN = 'archive-test-admin-token';

/** Tables that hold no election's state, and why. */
const NOT_ELECTION_STATE = new Set([
  'users', // accounts
  'tokens',
  'sessions',
  'webhook_endpoints', // partners' endpoints and signing secrets (a backup names them by URL hash)
  'webhook_state', // the dispatcher's own bookkeeping
  'kysely_migration',
  'kysely_migration_lock',
  'sqlite_sequence',
]);

async function archiveOf(store: KyselyStore, scope: 'backup' | 'public' = 'backup') {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await writeElectionArchive(store, ELECTION, out, { scope });
  return Buffer.concat(chunks);
}

/** Every line of an archive but the header (which carries its creation time). */
function bodyLines(archive: Buffer): string[] {
  return gunzipSync(archive).toString('utf8').trimEnd().split('\n').slice(1);
}

function tablesIn(archive: Buffer): Map<string, number> {
  const tables = new Map<string, number>();
  for (const line of bodyLines(archive)) {
    const table = (JSON.parse(line) as { table?: string }).table ?? '(endpoint)';
    tables.set(table, (tables.get(table) ?? 0) + 1);
  }
  return tables;
}

async function tableNames(store: KyselyStore): Promise<string[]> {
  const result =
    store.dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(
          store.database,
        )
      : await sql<{
          name: string;
        }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(
          store.database,
        );
  return result.rows.map((row) => row.name).sort();
}

/** A deployment's accounts and partner endpoint, as the original had them. */
async function addPartner(store: KyselyStore): Promise<void> {
  const accounts = new Accounts(store.database);
  await accounts.addUser({ name: 'wire', role: 'partner' });
  await new WebhookEndpoints(store.database).add({ user: 'wire', url: PARTNER_URL });
}

for (const engine of storeEngines()) {
  describe(`a backup holds every table of election state (${engine.name})`, () => {
    let store: KyselyStore;
    let archive: Buffer;
    const stores: KyselyStore[] = [];

    before(async () => {
      store = await engine.open();
      stores.push(store);
      await addPartner(store);
      await store.defineElection(definition);
      const live = await LiveResults.load(store);
      const submit = async (rows: string) =>
        gatedImport({
          store,
          live,
          bytes: Buffer.from(HEADER + rows),
          sourceName: 'adams.csv',
          electionId: ELECTION,
          submittedBy: 'adams-clerk',
          policy: { onDuplicate: 'error', onCountyTotal: 'error' },
          allowedCounties: null,
          correction: null,
        });
      const first = await submit(
        'Adams,P1,Registered Voters,,,,500\nAdams,P1,Mayor,,,Ada,120\nAdams,P1,Mayor,,,Ben,80\nAdams,P2,Mayor,,,Ada,40\nAdams,P2,Mayor,,,Ben,60\nBaker,Q1,Mayor,,,Ada,30\nBaker,Q1,Mayor,,,Ben,31\n',
      );
      assert.equal(first.status, 'accepted');
      await live.applyAccepted(first.submission);
      // A lowering update: held for a second approver.
      assert.equal(
        (await submit('Adams,P1,Mayor,,,Ada,110\nAdams,P1,Mayor,,,Ben,80\n')).status,
        'held',
      );
      // The results announced to partners, and a recount (its own partner event).
      const announcer = new ResultsAnnouncer(store.database, live, pino({ level: 'silent' }));
      await announcer.start();
      await announcer.stop();
      const recount = await importRecount({
        store,
        electionId: ELECTION,
        contestId: CONTEST,
        bytes: Buffer.from(`${HEADER}Adams,P1,Mayor,,,Ada,119\nAdams,P1,Mayor,,,Ben,81\n`),
        sourceName: 'adams-recount.csv',
        format: null,
        submittedBy: 'sos',
      });
      assert.equal(recount.status, 'recorded');
      // A failed delivery attempt to the partner.
      const dispatcher = new WebhookDispatcher({
        database: store.database,
        logger: pino({ level: 'silent' }),
        timeoutMs: 2000,
      });
      assert.ok((await dispatcher.deliverDue()) > 0);
      await dispatcher.stop();
      // A ballot-polling audit through the API: manifest, seed, a round, the board's entries.
      const app = createApp({
        store,
        live,
        logger: pino({ level: 'silent' }),
        adminToken: ADMIN,
        accounts: null,
      });
      const api = async (path: string, body: unknown, type = 'application/json') => {
        const response = await app.request(path, {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN}`, 'content-type': type },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        });
        const json = (await response.json()) as Record<string, unknown>;
        assert.ok(response.ok, `${path}: ${JSON.stringify(json).slice(0, 300)}`);
        return json;
      };
      const created = await api(`/api/elections/${ELECTION}/audits`, {
        name: 'Mayor audit',
        riskLimit: 10,
        method: 'bravo',
        contests: [CONTEST],
      });
      const auditId = (created['audit'] as { id: string }).id;
      await api(
        `/api/audits/${auditId}/manifest`,
        'county,tabulator,batch,ballots\nAdams,T1,B1,200\nAdams,T2,B2,100\nBaker,T1,B1,61\n',
        'text/csv',
      );
      await api(`/api/audits/${auditId}/seed`, { seed: '12345678901234567890' });
      await api(`/api/audits/${auditId}/rounds`, { sampleSize: 5 });
      const drawn = (await (
        await app.request(`/api/audits/${auditId}/rounds/1/retrieval?county=Adams`)
      ).json()) as { county: string; tabulator: string; batch: string; position: number }[];
      assert.ok(drawn.length > 0);
      await api(`/api/audits/${auditId}/entries`, {
        entries: drawn.map((ballot) => ({
          ballot,
          interpretation: {
            kind: 'found',
            votes: { [CONTEST]: [definition.contests[0]?.choices[0]?.id] },
          },
        })),
      });
      // Rows of the other audit kinds, as their tables keep them.
      const now = new Date().toISOString();
      await store.database
        .insertInto('audit_cvrs' as never)
        .values({
          audit_id: auditId,
          ballot_key: 'Adams/T1/B1/1',
          votes: '{"mayor":["ada"]}',
        })
        .execute();
      await store.database
        .insertInto('audit_hand_counts' as never)
        .values({
          audit_id: auditId,
          contest_id: CONTEST,
          votes: '{"ada":190}',
          entered_by: 'board',
          entered_at: now,
        })
        .execute();
      await store.database
        .insertInto('audit_batch_tallies' as never)
        .values({
          audit_id: auditId,
          seq: 1,
          county: 'Adams',
          tabulator: 'T1',
          batch: 'B1',
          tally: '{"ada":120}',
        })
        .execute();
      await store.database
        .insertInto('audit_batch_entries' as never)
        .values({
          audit_id: auditId,
          batch_key: 'Adams/T1/B1',
          tally: '{"ada":120}',
          entered_by: 'board',
          entered_at: now,
        })
        .execute();
      archive = await archiveOf(store);
    });
    after(async () => {
      for (const each of stores) await each.close();
      await engine.cleanup();
    });

    it('archives every table that holds election state, each with rows', async () => {
      const all = await tableNames(store);
      const missing = all.filter((t) => !NOT_ELECTION_STATE.has(t) && !ARCHIVED_TABLES.includes(t));
      assert.deepEqual(missing, [], 'tables holding election state that the archive leaves out');
      const tables = tablesIn(archive);
      for (const table of ARCHIVED_TABLES)
        assert.ok((tables.get(table) ?? 0) > 0, `no ${table} rows`);
      assert.equal(tables.get('(endpoint)'), 1);
    });

    it('restores into the deployment that has the partner endpoint with every record identical', async () => {
      const target = await engine.open();
      stores.push(target);
      await addPartner(target);
      const { counts, skipped } = await restoreElectionArchive(target, Readable.from([archive]));
      assert.deepEqual(skipped, { webhook_deliveries: 0, webhook_attempts: 0 });
      assert.equal(counts['held_submissions'], 1);
      // Written again from the restored database, the archive is the same line for line.
      assert.deepEqual(bodyLines(await archiveOf(target)), bodyLines(archive));
      assert.deepEqual(await target.listLedger(ELECTION), await store.listLedger(ELECTION));
      assert.deepEqual(await listHeld(target, ELECTION), await listHeld(store, ELECTION));
      const results = async (s: KyselyStore) =>
        (await LiveResults.load(s)).election(ELECTION)?.results().body.toString();
      assert.equal(await results(target), await results(store));
      assert.deepEqual((await verifyElection(target, ELECTION, store.publicKeyPem)).problems, []);
    });

    it('leaves out deliveries to an endpoint the database does not have, and the public archive leaves out deliveries', async () => {
      const target = await engine.open();
      stores.push(target);
      const { skipped, counts } = await restoreElectionArchive(target, Readable.from([archive]));
      const tables = tablesIn(archive);
      assert.equal(skipped.webhook_deliveries, tables.get('webhook_deliveries'));
      assert.equal(skipped.webhook_attempts, tables.get('webhook_attempts'));
      assert.equal(counts['webhook_deliveries'], 0);
      assert.equal(counts['audit_draws'], tables.get('audit_draws'));
      const publicTables = tablesIn(await archiveOf(store, 'public'));
      for (const table of [
        'webhook_deliveries',
        'webhook_attempts',
        'webhook_cursors',
        '(endpoint)',
      ])
        assert.equal(publicTables.get(table), undefined, table);
      assert.equal(publicTables.get('audit_entries'), tables.get('audit_entries'));
    });
  });
}
