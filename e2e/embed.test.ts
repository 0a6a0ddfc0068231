import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { pino } from 'pino';
import { buildDefinition } from '@canvass/core/testing';
import {
  openSqliteStore,
  startServer,
  type KyselyStore,
  type RunningServer,
} from '@canvass/server';
import { browserSkipReason, CHROMIUM_PATH } from './support/chromium.ts';

const skip = browserSkipReason();
if (skip !== false) console.log(`# embed browser tests ${skip}`);

const TOKEN = 'embed-admin-token';
const HEADER = 'county,precinct,office,district,party,candidate,votes\n';
// In Alabama, so that the recount badge applies the state's 0.5% automatic-recount margin.
const definition = {
  ...buildDefinition({
    counties: { Adams: ['P1', 'P2'], Baker: ['Q1'] },
    contests: [{ name: 'Mayor', choices: ['Ada', 'Ben'] }],
  }),
  state: 'AL',
};

describe('contest embed on a partner page, in a real browser', () => {
  let dir: string | undefined;
  let store: KyselyStore | undefined;
  let canvass: RunningServer | undefined;
  let partner: Server | undefined;
  let partnerUrl = '';
  let browser: Browser | undefined;

  const submit = async (csv: string, name: string): Promise<void> => {
    const response = await fetch(
      `${canvass?.url ?? ''}/api/elections/test-election/submissions?filename=${name}`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/csv' },
        body: HEADER + csv,
      },
    );
    assert.equal(response.status, 201, await response.text());
  };

  before(async () => {
    if (skip !== false) return;
    dir = mkdtempSync(join(tmpdir(), 'canvass-embed-'));
    store = await openSqliteStore(join(dir, 'canvass.db'));
    await store.defineElection(definition);
    canvass = await startServer({
      store,
      logger: pino({ level: 'silent' }),
      port: 0,
      adminToken: TOKEN,
      webRoot: null,
    });
    await submit('Adams,P1,Mayor,,,Ada,1200\nAdams,P1,Mayor,,,Ben,800\n', 'first.csv');
    // The partner's article page, on another origin, frames the embed and fits its height.
    const embedUrl = `${canvass.url}/embed/test-election/mayor`;
    partner = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html>
<html><body><h1>Partner story</h1>
<iframe id="results" title="Mayor results" src="${embedUrl}" width="400" height="50"></iframe>
<script>
window.addEventListener('message', (event) => {
  if (event.origin === ${JSON.stringify(canvass?.url)} && event.data?.type === 'canvass-embed:height')
    document.getElementById('results').height = String(event.data.height);
});
</script></body></html>`);
    });
    await new Promise<void>((resolve) => partner?.listen(0, '127.0.0.1', resolve));
    partnerUrl = `http://localhost:${(partner.address() as AddressInfo).port}/story`;
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
  });

  after(async () => {
    await browser?.close();
    partner?.closeAllConnections();
    await new Promise<void>((resolve) => {
      if (partner === undefined) resolve();
      else
        partner.close(() => {
          resolve();
        });
    });
    await canvass?.close();
    await store?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the figures in a partner page frame and updates them live', { skip }, async () => {
    assert.ok(browser !== undefined);
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(partnerUrl);
      const frame = page.frameLocator('#results');
      const ada = frame.locator('tr[data-choice=ada] [data-field=votes]');
      assert.equal(await ada.textContent(), '1,200');
      assert.equal(
        await frame
          .locator('[data-field=reporting]')
          .textContent()
          .then((text) => text?.split('.')[0]),
        '1 of 3 precincts reporting (33',
      );
      // The frame told the partner page how tall it is.
      await page.waitForFunction(
        () => Number(document.getElementById('results')?.getAttribute('height')) > 100,
      );
      // No waiting for the stream: it resumes from the version the page was rendered at.
      const recount = frame.locator('[data-slot=recount]');
      assert.match((await recount.textContent()) ?? '', /^Outside the automatic-recount margin/);
      // Baker narrows the race to 5 votes of 2,995: inside the margin.
      await submit('Baker,Q1,Mayor,,,Ada,300\nBaker,Q1,Mayor,,,Ben,695\n', 'second.csv');
      await frame.locator('[data-field=total]', { hasText: '2,995' }).waitFor({ timeout: 10_000 });
      assert.equal(await ada.textContent(), '1,500');
      assert.equal(
        await frame.locator('tr[data-choice=ben] [data-field=share]').textContent(),
        '49.9%',
      );
      assert.match((await frame.locator('[data-field=reporting]').textContent()) ?? '', /^2 of 3/);
      assert.match((await recount.textContent()) ?? '', /^Within the automatic-recount margin/);
      assert.match((await recount.getAttribute('class')) ?? '', /triggered/);
      assert.equal(await frame.locator('table').getAttribute('data-version'), '2');
    } finally {
      await context.close();
    }
  });

  it('reads as a plain table with JavaScript off', { skip }, async () => {
    assert.ok(browser !== undefined && canvass !== undefined);
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${canvass.url}/embed/test-election/mayor`);
      const rows = await page
        .locator('table tbody tr')
        .evaluateAll((elements) =>
          elements.map((row) =>
            [...row.querySelectorAll('th, td')].map((cell) => cell.textContent),
          ),
        );
      assert.equal(rows.length, 2);
      assert.equal(rows[0]?.[0], 'Ada');
      assert.match(rows[0][2] ?? '', /^[\d,]+$/);
      assert.equal(await page.locator('[data-slot=call]').isVisible(), false);
      const headers = (
        await page.request.get(`${canvass.url}/embed/test-election/mayor`)
      ).headers();
      assert.equal(headers['x-frame-options'], undefined);
    } finally {
      await context.close();
    }
  });
});
