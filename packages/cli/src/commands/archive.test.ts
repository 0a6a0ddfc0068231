import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import {
  createApp,
  importStream,
  LiveResults,
  openSqliteStore,
  restoreElectionArchive,
  type KyselyStore,
} from '@canvass/server';
import { buildDefinition } from '@canvass/core/testing';
import { main } from '../main.ts';

const definition = buildDefinition({
  counties: { Adams: ['P1'], Baker: ['Q1'] },
  contests: [{ name: 'Mayor', choices: ['Ada', 'Ben'] }],
});
const ELECTION = definition.id;
const HEADER = 'county,precinct,office,district,party,candidate,votes\n';
let dir: string;
let source: KyselyStore;

async function run(...args: string[]): Promise<{ code: number; out: string }> {
  const write = process.stdout.write.bind(process.stdout);
  let out = '';
  process.stdout.write = (chunk: string) => {
    out += chunk;
    return true;
  };
  try {
    return { code: await main(['node', 'canvass', ...args]), out };
  } finally {
    process.stdout.write = write;
  }
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'canvass-archive-'));
  source = await openSqliteStore(join(dir, 'source.db'));
  await source.defineElection(definition);
  for (const body of [
    `${HEADER}Adams,P1,Mayor,,,Ada,10\nAdams,P1,Mayor,,,Ben,5\n`,
    `${HEADER}Baker,Q1,Mayor,,,Ada,3\nBaker,Q1,Mayor,,,Ben,9\n`,
  ]) {
    const outcome = await importStream({
      store: source,
      source: { kind: 'bytes', bytes: Readable.from([Buffer.from(body)]) },
      sourceName: 'county.csv',
      electionId: ELECTION,
      submittedBy: 'clerk',
    });
    assert.equal(outcome.status, 'accepted');
  }
  await source.close();
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('canvass backup, restore and verify --public-key', () => {
  it('restores an identical election elsewhere that verifies against the publisher key', async () => {
    const archive = join(dir, 'election.canvass.gz');
    const backup = await run(
      'backup',
      '--election',
      ELECTION,
      '--out',
      archive,
      '--db',
      join(dir, 'source.db'),
    );
    assert.equal(backup.code, 0, backup.out);
    assert.match(backup.out, /2 submissions, 3 ledger records/);
    const target = join(dir, 'elsewhere.db');
    const restored = await run('restore', '--in', archive, '--db', target);
    assert.equal(restored.code, 0, restored.out);
    assert.match(restored.out, /signed with another key/);
    // Against the restoring database's own key the signatures fail; against the publisher's, all passes.
    assert.equal((await run('verify', '--db', target)).code, 1);
    const reopened = await openSqliteStore(join(dir, 'source.db'));
    const pem = join(dir, 'publisher.pem');
    writeFileSync(pem, reopened.publicKeyPem);
    const verified = await run('verify', '--db', target, '--public-key', pem);
    assert.equal(verified.code, 0, verified.out);
    assert.match(verified.out, /OK — 3 ledger records, 2 submissions/);
    const copy = await openSqliteStore(target);
    try {
      assert.deepEqual(await copy.listLedger(ELECTION), await reopened.listLedger(ELECTION));
    } finally {
      await copy.close();
      await reopened.close();
    }
    assert.equal((await run('restore', '--in', archive, '--db', target)).code, 1);
  });

  it('serves the ledger and the archive publicly over HTTP', async () => {
    const store = await openSqliteStore(join(dir, 'source.db'));
    try {
      const app = createApp({
        store,
        live: await LiveResults.load(store),
        logger: pino({ level: 'silent' }),
        accounts: null,
        adminToken: null,
      });
      const ledger = (await (await app.request(`/api/elections/${ELECTION}/ledger`)).json()) as {
        publicKeyPem: string;
        records: { kind: string }[];
      };
      assert.equal(ledger.publicKeyPem, store.publicKeyPem);
      assert.deepEqual(
        ledger.records.map((record) => record.kind),
        [
          'election-defined',
          'submission-accepted',
          'submission-accepted',
          'submission-accepted',
        ].slice(0, ledger.records.length),
      );
      assert.equal(await (await app.request('/api/ledger/public-key')).text(), store.publicKeyPem);
      const response = await app.request(`/api/elections/${ELECTION}/archive`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'application/gzip');
      const bytes = Buffer.from(await response.arrayBuffer());
      const target = await openSqliteStore(join(dir, 'from-http.db'));
      try {
        const { header } = await restoreElectionArchive(target, Readable.from([bytes]));
        assert.equal(header.publicKeyPem, store.publicKeyPem);
        assert.deepEqual(await target.listLedger(ELECTION), await store.listLedger(ELECTION));
      } finally {
        await target.close();
      }
      assert.equal((await app.request('/api/elections/nope/archive')).status, 404);
    } finally {
      await store.close();
    }
  });
});
