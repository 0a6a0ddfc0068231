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

  it(
    "shows a multi-contest MACRO audit's combined risk as the audit's and each contest's own risk",
    { skip },
    async () => {
      const running = server;
      assert.ok(running !== undefined);
      const contests = ['united-states-senator', 'one-mill-school-tax'];
      const created = (await api('POST', `/api/elections/${ALABAMA_ELECTION_ID}/audits`, {
        name: 'Baldwin batches, two contests',
        riskLimit: 10,
        method: 'macro',
        contests,
      })) as unknown as {
        audit: {
          id: string;
          contests: { contestId: string; choices: { id: string; votes: number }[] }[];
        };
      };
      const id = created.audit.id;
      // Ten batches whose tallies add up to the reported results of both contests.
      const BATCHES = 10;
      const share = (votes: number, b: number) =>
        Math.floor(votes / BATCHES) + (b === BATCHES - 1 ? votes % BATCHES : 0);
      const manifest = ['county,tabulator,batch,ballots'];
      const tallies = ['county,tabulator,batch,contest,choice,votes'];
      const tallyOf: Record<string, Record<string, Record<string, number>>> = {};
      for (let b = 0; b < BATCHES; b++) {
        const batch = `B${String(b + 1)}`;
        let ballots = 0;
        tallyOf[batch] = {};
        for (const c of created.audit.contests) {
          let votes = 0;
          const t: Record<string, number> = {};
          for (const choice of c.choices) {
            const v = share(choice.votes, b);
            t[choice.id] = v;
            votes += v;
            tallies.push(`Baldwin,,${batch},${c.contestId},${choice.id},${String(v)}`);
          }
          tallyOf[batch][c.contestId] = t;
          ballots = Math.max(ballots, votes);
        }
        manifest.push(`Baldwin,,${batch},${String(ballots + 10)}`);
      }
      await api('POST', `/api/audits/${id}/manifest`, `${manifest.join('\n')}\n`, 'text/csv');
      await api('POST', `/api/audits/${id}/batch-tallies`, `${tallies.join('\n')}\n`, 'text/csv');
      await api('POST', `/api/audits/${id}/seed`, { seed: '59302748561029384756' });
      await api('POST', `/api/audits/${id}/rounds`, { sampleSize: 3 });
      const rows = (await (
        await fetch(`${running.url}/api/audits/${id}/rounds/1/retrieval?county=Baldwin`)
      ).json()) as { county: string; batch: string }[];
      // Every drawn batch hand-counted as reported.
      const view = (await api('POST', `/api/audits/${id}/batch-entries`, {
        entries: rows.map((r) => ({
          batch: { county: r.county, batch: r.batch },
          votes: tallyOf[r.batch],
        })),
      })) as unknown as {
        measurement: {
          auditRisk: number;
          contests: { contestId: string; risk: number; ownRisk: number }[];
        };
      };
      const m = view.measurement;
      assert.equal(m.contests.length, 2);
      for (const c of m.contests) assert.equal(c.risk, m.auditRisk);
      assert.notEqual(m.contests[0]?.ownRisk, m.contests[1]?.ownRisk);
      await page.goto(`${running.url}/audits/${id}`);
      await page.getByRole('heading', { name: 'Baldwin batches, two contests' }).waitFor();
      assert.match(
        (await page.getByTestId('audit-risk').textContent()) ?? '',
        new RegExp(
          `^Audit's risk \\(one MACRO test across all its contests.*: ${m.auditRisk.toPrecision(3).replace('.', '\\.')}`,
        ),
      );
      const shown = await page.getByTestId('contest-risk').allTextContents();
      assert.equal(shown.length, 2);
      m.contests.forEach((c, i) => {
        assert.match(
          shown[i] ?? '',
          new RegExp(`^Own MACRO risk ${c.ownRisk.toPrecision(3).replace('.', '\\.')} `),
        );
      });
    },
  );
});
