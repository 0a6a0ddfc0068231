import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildDefinition } from '@canvass/core/testing';
import { Accounts } from '../auth/accounts.ts';
import type { SqliteStore } from '../store/sqlite-store.ts';
import { temporaryStore } from '../testing/fixture-store.ts';
import { createLogger, REDACTED } from './logger.ts';
import { startServer, type RunningServer } from './server.ts';

const PASSWORD = 'hunter2-correct-horse-staple';
const WRONG_PASSWORD = 'wrong-battery-guess-0451';
const definition = buildDefinition({
  counties: { Adams: ['P1'] },
  contests: [{ name: 'Mayor', choices: ['Ada', 'Ben'] }],
});

describe('secrets never reach the logs', () => {
  const lines: string[] = [];
  /** Every secret the server was shown or handed out during the test. */
  const secrets = new Map<string, string>([
    ['password', PASSWORD],
    ['wrong password', WRONG_PASSWORD],
  ]);
  let store: SqliteStore;
  let dispose: () => Promise<void>;
  let server: RunningServer;

  before(async () => {
    ({ store, dispose } = await temporaryStore());
    const accounts = new Accounts(store.database);
    await accounts.addUser({ name: 'sos', role: 'state-admin', password: PASSWORD });
    const { token } = await accounts.createToken('sos', 'night-shift');
    secrets.set('API token', token);
    // `cvs_<hex id>_<secret>`: the secret is base64url, which may itself contain '_'.
    secrets.set("API token's secret part", token.replace(/^cvs_[0-9a-f]+_/, ''));
    process.env['CANVASS_WEBHOOK_POLL_MS'] = '20';
    process.env['CANVASS_WEBHOOK_RETRY_BASE_MS'] = '20';
    server = await startServer({
      store,
      logger: createLogger({
        level: 'trace',
        destination: {
          write: (line: string) => {
            lines.push(line);
          },
        },
      }),
      port: 0,
      adminToken: 'operator-admin-token-7f3c91',
      webRoot: null,
    });
    secrets.set('admin token', 'operator-admin-token-7f3c91');
  });

  after(async () => {
    delete process.env['CANVASS_WEBHOOK_POLL_MS'];
    delete process.env['CANVASS_WEBHOOK_RETRY_BASE_MS'];
    await server.close();
    await dispose();
  });

  const call = async (
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: string,
  ) => fetch(`${server.url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });

  it('logs requests, sign-ins and failed deliveries with every credential redacted', async () => {
    const token = secrets.get('API token') ?? '';
    const failed = await call(
      'POST',
      '/api/session',
      { 'content-type': 'application/json' },
      JSON.stringify({ name: 'sos', password: WRONG_PASSWORD }),
    );
    assert.equal(failed.status, 401);
    const signedIn = await call(
      'POST',
      '/api/session',
      { 'content-type': 'application/x-www-form-urlencoded' },
      new URLSearchParams({ name: 'sos', password: PASSWORD }).toString(),
    );
    assert.equal(signedIn.status, 200);
    const { csrf } = (await signedIn.json()) as { csrf: string };
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    secrets.set('CSRF token', csrf);
    secrets.set('session cookie', cookie.slice(cookie.indexOf('=') + 1));
    const session = { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' };
    assert.equal((await call('GET', '/api/session', { cookie })).status, 200);
    const defined = await call(
      'PUT',
      `/api/elections/${definition.id}/definition`,
      session,
      JSON.stringify(definition),
    );
    assert.equal(defined.status, 201);

    const bearer = { authorization: `Bearer ${token}` };
    const endpoint = await call(
      'POST',
      '/api/webhooks',
      { ...bearer, 'content-type': 'application/json' },
      // Nothing listens on port 9; partners sometimes put a key in the query string.
      JSON.stringify({ url: 'http://127.0.0.1:9/hook?key=partner-query-key-5521' }),
    );
    assert.equal(endpoint.status, 201);
    secrets.set('webhook secret', ((await endpoint.json()) as { secret: string }).secret);
    secrets.set('webhook URL key', 'partner-query-key-5521');
    const submitted = await call(
      'POST',
      `/api/elections/${definition.id}/submissions?filename=adams.csv`,
      { ...bearer, 'content-type': 'text/csv' },
      'county,precinct,office,district,party,candidate,votes\nAdams,P1,Mayor,,,Ada,5\nAdams,P1,Mayor,,,Ben,3\n',
    );
    assert.equal(submitted.status, 201, await submitted.clone().text());
    assert.equal((await call('GET', '/api/webhooks', bearer)).status, 200);
    const adminRead = await call('GET', '/api/elections', {
      authorization: 'Bearer operator-admin-token-7f3c91',
    });
    assert.equal(adminRead.status, 200);
    const forged = `${token.slice(0, -4)}zzzz`;
    secrets.set('forged token', forged);
    assert.equal(
      (await call('GET', '/api/elections', { authorization: `Bearer ${forged}` })).status,
      401,
    );
    assert.equal(
      (await call('DELETE', '/api/session', { cookie, 'x-csrf-token': csrf })).status,
      200,
    );

    // The delivery to the closed port fails and is logged.
    for (let waited = 0; !lines.some((l) => l.includes('webhook delivery failed')); waited += 20) {
      assert.ok(waited < 5000, 'the failed delivery was not logged');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const requests = entries.filter((entry) => entry['msg'] === 'request');
    assert.ok(requests.length >= 10, `only ${requests.length} request lines`);
    // Headers are logged at trace, so the redaction is what keeps the secrets out.
    const headersOf = (entry: Record<string, unknown>) =>
      entry['headers'] as Record<string, string> | undefined;
    assert.ok(requests.some((entry) => headersOf(entry)?.['authorization'] === REDACTED));
    assert.ok(requests.some((entry) => headersOf(entry)?.['cookie'] === REDACTED));
    assert.ok(requests.some((entry) => headersOf(entry)?.['x-csrf-token'] === REDACTED));
    assert.ok(
      entries.some((entry) => entry['msg'] === 'sign-in failed' && entry['name'] === 'sos'),
    );
    assert.ok(entries.some((entry) => entry['msg'] === 'signed in'));
    assert.ok(entries.some((entry) => entry['msg'] === 'submission accepted'));

    const log = lines.join('');
    for (const [what, secret] of secrets) {
      assert.ok(secret.length >= 8, `${what} is too short to search for`);
      assert.ok(!log.includes(secret), `the ${what} appears in the logs`);
      assert.ok(!log.includes(encodeURIComponent(secret)), `the ${what} appears URL-encoded`);
    }
  });
});
