import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { pino } from 'pino';
import { Accounts, openSqliteStore, startServer, type RunningServer } from '@canvass/server';
import { ALABAMA_ELECTION_ID, alabamaDefinition } from './support/alabama.ts';
import { browserSkipReason, launchBrowser, type TestBrowser } from './support/chromium.ts';
import { ensureWebBuilt } from './support/web-build.ts';

const skip = browserSkipReason();
if (skip !== false) console.log(`# sign-in browser tests ${skip}`);

const PASSWORD = 'e2e sign-in password';

describe('signing in to the web app in a real browser', { skip }, () => {
  let directory = '';
  let closeStore: () => Promise<void> = () => Promise.resolve();
  let server: RunningServer | undefined;
  let browser: TestBrowser | undefined;
  let page: Page;
  let definition: unknown;

  before(async () => {
    directory = mkdtempSync(join(tmpdir(), 'canvass-e2e-sign-in-'));
    const store = await openSqliteStore(join(directory, 'canvass.db'));
    closeStore = () => store.close();
    await new Accounts(store.database).addUser({
      name: 'secretary',
      role: 'state-admin',
      password: PASSWORD,
    });
    definition = await alabamaDefinition();
    server = await startServer({
      store,
      logger: pino({ level: 'silent' }),
      port: 0,
      adminToken: null,
      webRoot: ensureWebBuilt(),
    });
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await closeStore();
    rmSync(directory, { recursive: true, force: true });
  });

  /** A write from inside the page, with or without the session's CSRF token. */
  const writeFromPage = (csrf: string | null) =>
    page.evaluate(
      async ({ electionId, body, csrf }) => {
        const response = await fetch(`/api/elections/${electionId}/definition`, {
          method: 'PUT',
          credentials: 'same-origin',
          headers: {
            'content-type': 'application/json',
            ...(csrf === null ? {} : { 'x-csrf-token': csrf }),
          },
          body: JSON.stringify(body),
        });
        return { status: response.status, text: await response.text() };
      },
      { electionId: ALABAMA_ELECTION_ID, body: definition, csrf },
    );

  const sessionFromPage = () =>
    page.evaluate(async () => {
      const response = await fetch('/api/session', { cache: 'no-store' });
      return (await response.json()) as { signedIn: boolean; name: string; csrf: string | null };
    });

  it('refuses a wrong password with the server reason and sets no session', async () => {
    assert.ok(server !== undefined);
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Name').fill('secretary');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'wrong name or password' }).waitFor();
    assert.equal((await sessionFromPage()).signedIn, false);
  });

  it('signs in, shows the user and role, and keeps the session cookie out of reach of scripts', async () => {
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Signed in' }).waitFor();
    assert.equal(await page.getByTestId('session-name').textContent(), 'secretary');
    assert.equal(await page.getByTestId('session-role').textContent(), 'State administrator');
    const cookies = await browser?.context.cookies();
    const session = cookies?.find((cookie) => cookie.name === 'canvass_session');
    assert.ok(session !== undefined);
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Strict');
    assert.equal(await page.evaluate(() => document.cookie.includes('canvass_session')), false);
  });

  it('refuses a write without the CSRF token (403) and accepts it with the token', async () => {
    const refused = await writeFromPage(null);
    assert.equal(refused.status, 403, refused.text);
    assert.match(refused.text, /CSRF/);
    const { csrf, name } = await sessionFromPage();
    assert.equal(name, 'secretary');
    assert.ok(csrf !== null);
    const accepted = await writeFromPage(csrf);
    assert.equal(accepted.status, 201, accepted.text);
    assert.equal(server?.live.election(ALABAMA_ELECTION_ID)?.id, ALABAMA_ELECTION_ID);
  });

  it('signs out: the form returns and the cookie no longer writes', async () => {
    const { csrf } = await sessionFromPage();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.equal((await sessionFromPage()).signedIn, false);
    const after = await writeFromPage(csrf);
    assert.equal(after.status, 401, after.text);
    // A reload finds no session either.
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  });

  it('ignores a sign-in form posted from another origin (login CSRF)', async () => {
    assert.ok(server !== undefined);
    const url = new URL(server.url);
    // The same server under another host name is another origin (and another site).
    const otherOrigin = `http://localhost:${url.port}`;
    assert.notEqual(otherOrigin, url.origin);
    const attacker = await browser?.context.newPage();
    assert.ok(attacker !== undefined);
    await attacker.goto(`${otherOrigin}/`);
    // A top-level form POST: the kind of request a browser lets set a SameSite=Strict cookie.
    const landed = attacker.waitForURL(`${url.origin}/api/session`);
    await attacker.evaluate(
      ({ target, password }) => {
        const form = document.createElement('form');
        form.method = 'POST';
        form.action = target;
        for (const [name, value] of Object.entries({ name: 'secretary', password })) {
          const input = document.createElement('input');
          input.name = name;
          input.value = value;
          form.append(input);
        }
        document.body.append(form);
        form.submit();
      },
      { target: `${url.origin}/api/session`, password: PASSWORD },
    );
    await landed;
    assert.match((await attacker.textContent('body')) ?? '', /forbidden/);
    await attacker.close();
    const cookies = await browser?.context.cookies(url.origin);
    assert.equal(
      cookies?.find((cookie) => cookie.name === 'canvass_session'),
      undefined,
    );
    assert.equal((await sessionFromPage()).signedIn, false);
  });
});
