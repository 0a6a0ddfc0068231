import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { buildDefinition } from '@canvass/core/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Accounts,
  openSqliteStore,
  startServer,
  type KyselyStore,
  type RunningServer,
} from '@canvass/server';
import { main } from '../main.ts';

const definition = buildDefinition({
  counties: { Adams: ['P1'] },
  contests: [{ name: 'Mayor', choices: ['Ada', 'Ben'] }],
});
const HEADER = 'county,precinct,office,district,party,candidate,votes\n';

let store: KyselyStore;
let dir: string;
let server: RunningServer;
let clerk: string;
let sos: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'canvass-held-'));
  store = await openSqliteStore(join(dir, 'canvass.db'));
  const accounts = new Accounts(store.database);
  await accounts.addUser({ name: 'sos', role: 'state-admin', password: 'correct horse battery' });
  await accounts.addUser({ name: 'adams-clerk', role: 'county-official', counties: ['Adams'] });
  sos = (await accounts.createToken('sos', 'ops')).token;
  clerk = (await accounts.createToken('adams-clerk', 'upload')).token;
  await store.defineElection(definition);
  server = await startServer({
    store,
    logger: pino({ level: 'silent' }),
    port: 0,
    host: '127.0.0.1',
    adminToken: null,
    webRoot: null,
  });
});
after(async () => {
  await server.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function submit(votes: number): Promise<number> {
  const response = await fetch(`${server.url}/api/elections/${definition.id}/submissions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${clerk}`, 'content-type': 'text/csv' },
    body: `${HEADER}Adams,P1,Mayor,,,Ada,${votes}\nAdams,P1,Mayor,,,Ben,5\n`,
  });
  await response.arrayBuffer();
  return response.status;
}

async function run(...args: string[]): Promise<{ code: number; out: string }> {
  const write = process.stdout.write.bind(process.stdout);
  let out = '';
  process.stdout.write = (chunk: string) => {
    out += chunk;
    return true;
  };
  try {
    const code = await main(['node', 'canvass', ...args]);
    return { code, out };
  } finally {
    process.stdout.write = write;
  }
}

describe('canvass held', () => {
  it('lists a held update and approves it against the running server', async () => {
    assert.equal(await submit(50), 201);
    assert.equal(await submit(40), 202);
    const common = ['--server', server.url, '--token', sos, '--election', definition.id];
    const listed = await run('held', 'list', '--status', 'held', ...common);
    assert.equal(listed.code, 0);
    assert.match(listed.out, /#1 {2}held .* by adams-clerk/);
    assert.match(listed.out, /Ada would go from 50 to 40/);
    assert.ok(!listed.out.includes(sos), 'the token is never printed');
    const approved = await run('held', 'approve', '1', '--reason', 'confirmed', ...common);
    assert.equal(approved.code, 0, approved.out);
    assert.match(approved.out, /Approved held update #1: submission #2, version 2/);
    const again = await run('held', 'reject', '1', '--reason', 'late', ...common);
    assert.equal(again.code, 1);
    const version = server.live.election(definition.id)?.version;
    assert.equal(version, 2);
  });
});
