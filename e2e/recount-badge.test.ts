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
if (skip !== false) console.log(`# recount badge browser test ${skip}`);

/** Splits one CSV record into its fields (quoted fields may hold commas and doubled quotes). */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i];
    if (quoted && ch === '"' && line[i + 1] === '"') {
      field += '"';
      i += 1;
    } else if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      fields.push(field);
      field = '';
    } else field += ch ?? '';
  }
  fields.push(field);
  return fields;
}

/** The Senate totals of the demo file, summed here from its rows (not by Canvass). */
function senateTotals(): Map<string, number> {
  const totals = new Map<string, number>();
  // Quoted fields in this file span lines, so records are joined back before splitting.
  const records: string[] = [];
  for (const line of alabamaCsv.split('\n')) {
    const last = records.at(-1);
    if (last !== undefined && last.split('"').length % 2 === 0)
      records[records.length - 1] = `${last}\n${line}`;
    else records.push(line);
  }
  for (const record of records) {
    const [, , office, , , name = '', votes = '0'] = csvFields(record);
    if (office !== 'UNITED STATES SENATOR') continue;
    totals.set(name, (totals.get(name) ?? 0) + Number(votes));
  }
  return totals;
}

describe('recount badge on the results page', () => {
  let server: TestServer | undefined;
  let browser: TestBrowser | undefined;
  let page: Page;

  before(async () => {
    if (skip !== false) return;
    const running = await startTestServer(ensureWebBuilt());
    server = running;
    const defined = await fetch(`${running.url}/api/elections/${ALABAMA_ELECTION_ID}/definition`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${running.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(await alabamaDefinition()),
    });
    assert.equal(defined.status, 201, await defined.text());
    const submitted = await running.submit(ALABAMA_ELECTION_ID, alabamaCsv, ALABAMA_FILE_NAME);
    assert.equal(submitted.status, 201, JSON.stringify(submitted.body).slice(0, 500));
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await page.goto(`${running.url}/`);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the Alabama demo is outside the 0.5% automatic-recount margin', { skip }, async () => {
    const totals = senateTotals();
    const jones = totals.get('Doug Jones') ?? 0;
    const moore = totals.get('Roy S. Moore') ?? 0;
    const all = jones + moore + (totals.get('Write-In') ?? 0);
    const margin = jones - moore;
    assert.ok(margin > 0 && all > 1_000_000, `file totals ${JSON.stringify([...totals])}`);
    // Display rounding only: the percentage shown to two decimals.
    const shown = (Math.round((margin * 10000) / all) / 100).toFixed(2);
    const badge = page.locator('.contest-summary [data-testid=recount-badge]').first();
    await badge.waitFor();
    assert.equal(
      (await badge.textContent())?.trim(),
      `Outside the automatic-recount margin: ${shown}% > 0.5% (Ala. Code § 17-16-20)`,
    );
    const title = (await badge.getAttribute('title')) ?? '';
    const threshold = Math.floor(all / 200).toLocaleString('en-US');
    assert.ok(
      title.includes(`more than ${threshold} votes`),
      `the tooltip gives the ${threshold}-vote threshold: ${title}`,
    );
    assert.match(title, /Ala\. Code § 17-16-20/);
  });
});
