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

describe('web sessions against cross-site requests', () => {
  let sessionApp: ReturnType<typeof createApp>;
  let proxiedApp: ReturnType<typeof createApp>;

  before(async () => {
    const accounts = new Accounts(store.database);
    await accounts.addUser({
      name: 'web-sos',
      role: 'state-admin',
      password: 'a long web password',
    });
    const deps = {
      store,
      live: await LiveResults.load(store),
      logger: pino({ level: 'silent' }),
      adminToken: null,
      accounts,
    };
    sessionApp = createApp(deps);
    proxiedApp = createApp({ ...deps, trustProxy: true });
  });

  const signIn = (
    target: ReturnType<typeof createApp>,
    url: string,
    headers: Record<string, string> = {},
  ) =>
    target.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ name: 'web-sos', password: 'a long web password' }),
    });

  it('refuses a sign-in posted from another site (login CSRF) and sets no cookie', async () => {
    for (const headers of [
      { origin: 'https://evil.example', host: 'localhost' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site', origin: 'http://localhost' },
    ]) {
      const response = await signIn(sessionApp, 'http://localhost/api/session', headers);
      assert.equal(response.status, 403, JSON.stringify(headers));
      assert.equal(response.headers.get('set-cookie'), null);
    }
  });

  it('gives the CSRF token to its own session, and refuses cross-site writes even with it', async () => {
    const response = await signIn(sessionApp, 'http://localhost/api/session', {
      origin: 'http://localhost',
      'sec-fetch-site': 'same-origin',
    });
    assert.equal(response.status, 200);
    const cookie = response.headers.get('set-cookie') ?? '';
    assert.doesNotMatch(cookie, /Secure/i, 'plain http: no Secure attribute');
    const session = cookie.split(';')[0] ?? '';
    const who = (await (
      await sessionApp.request('http://localhost/api/session', { headers: { cookie: session } })
    ).json()) as { signedIn: boolean; csrf: string | null; name: string };
    assert.equal(who.signedIn, true);
    assert.equal(who.name, 'web-sos');
    assert.ok(who.csrf !== null && who.csrf.length >= 24);
    const write = (headers: Record<string, string>) =>
      sessionApp.request('http://localhost/api/elections/test-election/definition', {
        method: 'PUT',
        headers: { 'content-type': 'application/json', cookie: session, ...headers },
        body: JSON.stringify(definition),
      });
    const token = who.csrf;
    assert.equal(
      (await write({ 'x-csrf-token': token, origin: 'https://evil.example' })).status,
      403,
    );
    assert.equal(
      (await write({ 'x-csrf-token': token, 'sec-fetch-site': 'cross-site' })).status,
      403,
    );
    assert.equal((await write({ 'x-csrf-token': `${token}x` })).status, 403);
    const allowed = await write({
      'x-csrf-token': token,
      origin: 'http://localhost',
      'sec-fetch-site': 'same-origin',
    });
    assert.ok([200, 201].includes(allowed.status), String(allowed.status));
    // Signed out, the cookie names no session: the public again, and a new sign-in works.
    const out = await sessionApp.request('http://localhost/api/session', {
      method: 'DELETE',
      headers: { cookie: session, 'x-csrf-token': token },
    });
    assert.equal(out.status, 200);
    const after = (await (
      await sessionApp.request('http://localhost/api/session', { headers: { cookie: session } })
    ).json()) as { signedIn: boolean; csrf: string | null };
    assert.deepEqual([after.signedIn, after.csrf], [false, null]);
    assert.equal(
      (await signIn(sessionApp, 'http://localhost/api/session', { cookie: session })).status,
      200,
    );
  });

  it('marks the cookie Secure over https, and behind a trusted proxy that says https', async () => {
    const direct = await signIn(sessionApp, 'https://results.example/api/session');
    assert.match(direct.headers.get('set-cookie') ?? '', /; Secure/);
    const proxied = await signIn(proxiedApp, 'http://10.0.0.5/api/session', {
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'results.example',
      origin: 'https://results.example',
    });
    assert.equal(proxied.status, 200);
    const cookie = proxied.headers.get('set-cookie') ?? '';
    assert.match(cookie, /; Secure/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    // Without the proxy flag the forwarded headers are not believed.
    const untrusted = await signIn(sessionApp, 'http://10.0.0.5/api/session', {
      'x-forwarded-proto': 'https',
    });
    assert.doesNotMatch(untrusted.headers.get('set-cookie') ?? '', /Secure/);
    // A browser behind a TLS-terminating proxy the server does not trust: refused, with the fix.
    const misconfigured = await signIn(sessionApp, 'http://10.0.0.5/api/session', {
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'results.example',
      origin: 'https://results.example',
    });
    assert.equal(misconfigured.status, 403);
    assert.match(
      ((await misconfigured.json()) as { error: { message: string } }).error.message,
      /--trust-proxy/,
    );
  });
});
