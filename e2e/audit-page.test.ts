import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import {
  ALABAMA_ELECTION_ID,
  ALABAMA_FILE_NAME,
  alabamaCsv,
  alabamaDefinition,
} from './support/alabama.ts';
import { startTestServer, type TestServer } from './support/canvass-server.ts';
import { browserSkipReason, launchBrowser, type TestBrowser } from './support/chromium.ts';
import { ensureWebBuilt } from './support/web-build.ts';

const skip = browserSkipReason();
if (skip !== false) console.log(`# audit page browser tests ${skip}`);

describe('audit page in a real browser', () => {
  let server: TestServer | undefined;
  let browser: TestBrowser | undefined;
  let page: Page;
  let auditId = '';

  /** An API call as the state administrator. */
  async function api(method: string, path: string, body?: unknown, type = 'application/json') {
    const running = server;
    assert.ok(running !== undefined);
    const response = await fetch(`${running.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${running.token}`, 'content-type': type },
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const json = (await response.json()) as Record<string, unknown>;
    assert.ok(response.ok, `${method} ${path}: ${JSON.stringify(json).slice(0, 300)}`);
    return json;
  }

  before(async () => {
    if (skip !== false) return;
    const running = await startTestServer(ensureWebBuilt());
    server = running;
    await api('PUT', `/api/elections/${ALABAMA_ELECTION_ID}/definition`, await alabamaDefinition());
    const submitted = await running.submit(ALABAMA_ELECTION_ID, alabamaCsv, ALABAMA_FILE_NAME);
    assert.equal(submitted.status, 201);
    // Baldwin County's one-mill school tax, audited at 10% with a round of 30 draws in which
    // the audit board finds every ballot as reported for the winning side.
    const created = await api('POST', `/api/elections/${ALABAMA_ELECTION_ID}/audits`, {
      name: 'Baldwin school tax audit',
      riskLimit: 10,
      method: 'bravo',
      contests: ['one-mill-school-tax'],
    });
    auditId = (created['audit'] as { id: string }).id;
    await api(
      'POST',
      `/api/audits/${auditId}/manifest`,
      'county,tabulator,batch,ballots\nBaldwin,T1,B1,40000\nBaldwin,T2,B2,23000\n',
      'text/csv',
    );
    await api('POST', `/api/audits/${auditId}/seed`, { seed: '59302748561029384756' });
    await api('POST', `/api/audits/${auditId}/rounds`, { sampleSize: 30 });
    const list = (await (
      await fetch(`${running.url}/api/audits/${auditId}/rounds/1/retrieval?county=Baldwin`)
    ).json()) as { county: string; tabulator: string; batch: string; position: number }[];
    await api('POST', `/api/audits/${auditId}/entries`, {
      entries: list.map((row) => ({
        ballot: row,
        interpretation: {
          kind: 'found',
          votes: { 'one-mill-school-tax': ['for-proposed-taxation'] },
        },
      })),
    });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await page.goto(`${running.url}/audits/${auditId}`);
    await page.getByRole('heading', { name: 'Baldwin school tax audit' }).waitFor();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it(
    'shows the reported results, the seed, the risk and the finished audit',
    { skip },
    async () => {
      assert.equal(await page.getByTestId('audit-seed').textContent(), '59302748561029384756');
      assert.match(
        (await page.getByTestId('contest-risk').textContent()) ?? '',
        /^Risk 0\.00\d+ — met the risk limit$/,
      );
      assert.match((await page.getByTestId('audit-next').textContent()) ?? '', /finished/);
      const row = page.locator('.audit-contest tbody tr', { hasText: 'For Proposed Taxation' });
      assert.match((await row.textContent()) ?? '', /37,798\s*30/);
    },
  );

  it(
    'lists every step on the ledger and links the printable retrieval list',
    { skip },
    async () => {
      const steps = page.getByTestId('audit-steps').locator(':scope > li');
      assert.equal(await steps.count(), 5);
      assert.match((await steps.first().textContent()) ?? '', /^audit-created by /);
      await page.getByRole('link', { name: 'printable' }).click();
      await page.getByRole('heading', { name: /round 1 retrieval list, Baldwin/ }).waitFor();
      assert.ok((await page.locator('tbody tr').count()) > 0);
    },
  );
});
