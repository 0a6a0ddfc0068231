import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { pino } from 'pino';
import { Accounts, openSqliteStore, startServer, type RunningServer } from '@canvass/server';
import {
  ALABAMA_ELECTION_ID,
  ALABAMA_FILE_NAME,
  alabamaCsv,
  alabamaDefinition,
} from './support/alabama.ts';
import { browserSkipReason, launchBrowser, type TestBrowser } from './support/chromium.ts';
import { ensureWebBuilt } from './support/web-build.ts';

const skip = browserSkipReason();
if (skip !== false) console.log(`# audit board browser tests ${skip}`);

const TOKEN = 'e2e-audit-board-admin';
const PASSWORD = 'e2e audit board password';

describe('audit board entry in a real browser', { skip }, () => {
  let directory = '';
  let closeStore: () => Promise<void> = () => Promise.resolve();
  let server: RunningServer | undefined;
  let browser: TestBrowser | undefined;
  let page: Page;
  let auditId = '';

  /** An API call with the operator's token (setting the audit up, reading it back). */
  async function api(method: string, path: string, body?: unknown, type = 'application/json') {
    assert.ok(server !== undefined);
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': type },
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const json = (await response.json()) as unknown;
    assert.ok(response.ok, `${method} ${path}: ${JSON.stringify(json).slice(0, 300)}`);
    return json;
  }

  before(async () => {
    directory = mkdtempSync(join(tmpdir(), 'canvass-e2e-audit-board-'));
    const store = await openSqliteStore(join(directory, 'canvass.db'));
    closeStore = () => store.close();
    const accounts = new Accounts(store.database);
    await accounts.addUser({ name: 'board-1', role: 'auditor', password: PASSWORD });
    await accounts.addUser({
      name: 'board-mobile',
      role: 'auditor',
      password: PASSWORD,
      counties: ['Mobile'],
    });
    await accounts.addUser({
      name: 'clerk',
      role: 'county-official',
      password: PASSWORD,
      counties: ['baldwin'],
    });
    server = await startServer({
      store,
      logger: pino({ level: 'silent' }),
      port: 0,
      adminToken: TOKEN,
      webRoot: ensureWebBuilt(),
    });
    await api('PUT', `/api/elections/${ALABAMA_ELECTION_ID}/definition`, await alabamaDefinition());
    await api(
      'POST',
      `/api/elections/${ALABAMA_ELECTION_ID}/submissions?filename=${ALABAMA_FILE_NAME}`,
      alabamaCsv,
      'text/csv',
    );
    // Baldwin County's one-mill school tax, a round of eight draws for the board to read.
    const created = (await api('POST', `/api/elections/${ALABAMA_ELECTION_ID}/audits`, {
      name: 'Baldwin board audit',
      riskLimit: 10,
      method: 'bravo',
      contests: ['one-mill-school-tax'],
    })) as { audit: { id: string } };
    auditId = created.audit.id;
    await api(
      'POST',
      `/api/audits/${auditId}/manifest`,
      'county,tabulator,batch,ballots\nBaldwin,T1,B1,40000\nBaldwin,T2,B2,23000\n',
      'text/csv',
    );
    await api('POST', `/api/audits/${auditId}/seed`, { seed: '77001234567890123456' });
    await api('POST', `/api/audits/${auditId}/rounds`, { sampleSize: 8 });
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await closeStore();
    rmSync(directory, { recursive: true, force: true });
  });

  const signInAs = async (name: string) => {
    assert.ok(server !== undefined);
    await page.goto(`${server.url}/sign-in`);
    const signOut = page.getByRole('button', { name: 'Sign out' });
    if (await signOut.isVisible()) {
      await signOut.click();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
    }
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Signed in' }).waitFor();
    await page.goto(`${server.url}/audits/${auditId}`);
    await page.getByRole('heading', { name: 'Baldwin board audit' }).waitFor();
  };

  it('asks the public, and roles without the audit permission, to sign in as an auditor', async () => {
    assert.ok(server !== undefined);
    await page.goto(`${server.url}/audits/${auditId}`);
    await page.getByRole('heading', { name: 'Baldwin board audit' }).waitFor();
    await page.getByTestId('board-sign-in').waitFor();
    assert.equal(await page.getByTestId('board-ballots').count(), 0);
    await signInAs('clerk');
    assert.match(
      (await page.getByTestId('board-sign-in').textContent()) ?? '',
      /signed in as clerk, county-official/,
    );
  });

  it('an auditor limited to another county sees no ballots and cannot record them', async () => {
    await signInAs('board-mobile');
    await page.getByTestId('board-no-county').waitFor();
    assert.equal(await page.getByTestId('board-ballots').count(), 0);
    // Even a hand-made write with the session's token is refused for a Baldwin ballot.
    const refused = await page.evaluate(async (id) => {
      const session = (await (await fetch('/api/session')).json()) as { csrf: string };
      const list = (await (
        await fetch(`/api/audits/${id}/rounds/1/ballots?county=Baldwin`)
      ).json()) as {
        ballotKey: string;
      }[];
      const response = await fetch(`/api/audits/${id}/entries`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrf },
        body: JSON.stringify({
          entries: [
            { ballot: { ballotKey: list[0]?.ballotKey }, interpretation: { kind: 'not-found' } },
          ],
        }),
      });
      return { status: response.status, text: await response.text() };
    }, auditId);
    assert.equal(refused.status, 403, refused.text);
    assert.match(refused.text, /records for mobile only/);
  });

  it('an auditor records each ballot of the retrieval list, and the round is measured', async () => {
    await signInAs('board-1');
    const ballots = page.getByTestId('board-ballots').locator(':scope > li');
    await ballots.first().waitFor();
    const count = await ballots.count();
    assert.ok(count > 0 && count <= 8);
    await page
      .getByTestId('board-progress')
      .filter({ hasText: `0 of ${String(count)}` })
      .waitFor();
    // The first ballot cannot be found; the others read "For Proposed Taxation".
    await ballots.nth(0).getByRole('button', { name: 'Not found' }).click();
    await ballots
      .nth(0)
      .getByTestId('board-recorded')
      .filter({ hasText: 'Recorded: not found' })
      .waitFor();
    for (let i = 1; i < count; i++) {
      const ballot = ballots.nth(i);
      await ballot.getByLabel('For Proposed Taxation').check();
      await ballot.getByRole('button', { name: 'Record reading' }).click();
      await ballot
        .getByTestId('board-recorded')
        .filter({ hasText: /^Recorded: .*: For Proposed Taxation$/ })
        .waitFor();
    }
    // Every draw read: the round is measured, its records close, and the page shows the outcome
    // and the steps.
    await page.getByTestId('board-closed').waitFor();
    assert.equal(
      await page
        .getByTestId('board-ballots')
        .getByRole('button', { name: 'Not found' })
        .first()
        .isDisabled(),
      true,
    );
    await page.getByTestId('audit-next').filter({ hasNotText: 'enter the' }).waitFor();
    assert.notEqual(await page.getByTestId('contest-risk').textContent(), 'Risk —');
    const steps = page.getByTestId('audit-steps').locator(':scope > li');
    await steps
      .filter({ hasText: 'ballots-entered by board-1' })
      .nth(count - 1)
      .waitFor();
    // On the ledger: one step per record, by the auditor, with the readings.
    const recorded = (await api('GET', `/api/audits/${auditId}/steps`)) as {
      actor: string;
      payload: {
        step: string;
        entries?: { interpretation: { kind: string } }[];
        roundComplete?: boolean;
      };
    }[];
    const entered = recorded.filter((s) => s.payload.step === 'ballots-entered');
    assert.equal(entered.length, count);
    assert.ok(entered.every((s) => s.actor === 'board-1'));
    assert.equal(entered[0]?.payload.entries?.[0]?.interpretation.kind, 'not-found');
    assert.equal(entered[count - 1]?.payload.roundComplete, true);
  });

  it('an auditor records the hand tallies of the batches of a MACRO audit', async () => {
    const created = (await api('POST', `/api/elections/${ALABAMA_ELECTION_ID}/audits`, {
      name: 'Baldwin batch audit',
      riskLimit: 10,
      method: 'macro',
      contests: ['one-mill-school-tax'],
    })) as { audit: { id: string; contests: { choices: { id: string; name: string }[] }[] } };
    const id = created.audit.id;
    const [yes, no] = created.audit.contests[0]?.choices ?? [];
    assert.ok(yes !== undefined && no !== undefined);
    const manifest = ['county,tabulator,batch,ballots'];
    const tallies = ['county,tabulator,batch,contest,choice,votes'];
    for (let b = 1; b <= 10; b++) {
      manifest.push(`Baldwin,,Box ${String(b)},6300`);
      tallies.push(
        `Baldwin,,Box ${String(b)},one-mill-school-tax,${yes.id},3779`,
        `Baldwin,,Box ${String(b)},one-mill-school-tax,${no.id},2304`,
      );
    }
    await api('POST', `/api/audits/${id}/manifest`, manifest.join('\n'), 'text/csv');
    await api('POST', `/api/audits/${id}/batch-tallies`, tallies.join('\n'), 'text/csv');
    await api('POST', `/api/audits/${id}/seed`, { seed: '55501234567890123456' });
    await api('POST', `/api/audits/${id}/rounds`, { sampleSize: 2 });
    assert.ok(server !== undefined);
    await page.goto(`${server.url}/audits/${id}`);
    await page.getByRole('heading', { name: 'Baldwin batch audit' }).waitFor();
    const batches = page.getByTestId('board-ballots').locator(':scope > li');
    await batches.first().waitFor();
    const count = await batches.count();
    assert.ok(count >= 1 && count <= 2);
    assert.match((await batches.first().textContent()) ?? '', /batch Box \d+/);
    for (let i = 0; i < count; i++) {
      const batch = batches.nth(i);
      await batch.getByLabel(yes.name).fill('3779');
      await batch.getByLabel(no.name).fill(i === 0 ? '' : '2304');
      await batch.getByRole('button', { name: 'Record tally' }).click();
      if (i === 0) {
        // A blank count is not sent.
        await batch
          .getByRole('alert')
          .filter({ hasText: `whole number of votes for ${no.name}` })
          .waitFor();
        await batch.getByLabel(no.name).fill('2304');
        await batch.getByRole('button', { name: 'Record tally' }).click();
      }
      await batch
        .getByTestId('board-recorded')
        .filter({ hasText: /^Recorded$/ })
        .waitFor();
    }
    await page.getByTestId('board-closed').waitFor();
    const recorded = (await api('GET', `/api/audits/${id}/steps`)) as {
      actor: string;
      payload: { step: string; entries?: { tally: Record<string, Record<string, number>> }[] };
    }[];
    const entered = recorded.filter((s) => s.payload.step === 'batches-entered');
    assert.equal(entered.length, count);
    assert.deepEqual(entered[0]?.payload.entries?.[0]?.tally, {
      'one-mill-school-tax': { [yes.id]: 3779, [no.id]: 2304 },
    });
    assert.ok(entered.every((s) => s.actor === 'board-1'));
  });
});
