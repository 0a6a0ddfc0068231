import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { buildDefinition } from '@canvass/core/testing';
import { Accounts } from '../auth/accounts.ts';
import { LiveResults } from '../live/live-results.ts';
import type { SqliteStore } from '../store/sqlite-store.ts';
import { temporaryStore } from '../testing/fixture-store.ts';
import { createApp } from './app.ts';

const definition = buildDefinition({
  counties: { Adams: ['P1'] },
  contests: [{ name: 'Mayor', choices: ['Ada', 'Ben'] }],
});
let store: SqliteStore;
let dispose: () => Promise<void>;
let app: ReturnType<typeof createApp>;
let adminToken: string;
let clerkToken: string;

before(async () => {
  ({ store, dispose } = await temporaryStore());
  const accounts = new Accounts(store.database);
  await accounts.addUser({ name: 'sos', role: 'state-admin', password: 'correct horse battery' });
  await accounts.addUser({ name: 'adams-clerk', role: 'county-official', counties: ['Adams'] });
  adminToken = (await accounts.createToken('sos', 'ops')).token;
  clerkToken = (await accounts.createToken('adams-clerk', 'upload')).token;
  app = createApp({
    store,
    live: await LiveResults.load(store),
    logger: pino({ level: 'silent' }),
    adminToken: null,
    accounts,
  });
});
after(async () => {
  await dispose();
});

const put = (headers: Record<string, string>) =>
  app.request('/api/elections/test-election/definition', {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(definition),
  });

describe('authentication and roles', () => {
  it('lets the public read but not write', async () => {
    assert.equal((await app.request('/api/elections')).status, 200);
    assert.equal((await put({})).status, 401);
  });

  it('refuses an invalid token rather than treating the caller as public', async () => {
    const response = await app.request('/api/elections', {
      headers: { authorization: 'Bearer cvs_000000000000_wrongwrongwrongwrongwrongwrongwr' },
    });
    assert.equal(response.status, 401);
  });

  it('forbids a county official from defining an election, and lets a state administrator', async () => {
    const refused = await put({ authorization: `Bearer ${clerkToken}` });
    assert.equal(refused.status, 403);
    assert.match(
      ((await refused.json()) as { error: { message: string } }).error.message,
      /county-official/,
    );
    assert.equal((await store.listElections()).length, 0);
    assert.equal((await put({ authorization: `Bearer ${adminToken}` })).status, 201);
  });

  it('signs in with a secure, HTTP-only, same-site cookie and requires the CSRF token on writes', async () => {
    const signIn = await app.request('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'sos', password: 'correct horse battery' }),
    });
    assert.equal(signIn.status, 200);
    const cookie = signIn.headers.get('set-cookie') ?? '';
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Strict/i);
    const { csrf } = (await signIn.json()) as { csrf: string };
    const session = cookie.split(';')[0] ?? '';
    const whoami = (await (
      await app.request('/api/session', { headers: { cookie: session } })
    ).json()) as { role: string };
    assert.equal(whoami.role, 'state-admin');
    assert.equal((await put({ cookie: session })).status, 403);
    assert.ok([200, 201].includes((await put({ cookie: session, 'x-csrf-token': csrf })).status));
  });

  it('rate-limits sign-in attempts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const response = await app.request('/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'sos', password: 'nope nope nope' }),
      });
      statuses.push(response.status);
    }
    assert.ok(statuses.includes(429), `statuses ${statuses.join(',')}`);
  });
});
