import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { pino } from 'pino';
import {
  contestPairPrecincts,
  importOpenElections,
  type CountBatch,
  type PairPrecinct,
} from '@canvass/core';
import { openSqliteStore, startServer, type RunningServer } from '@canvass/server';
import {
  ALABAMA_ELECTION_ID,
  ALABAMA_FILE_NAME,
  alabamaCsv,
  alabamaDefinition,
  splitByCounty,
} from './support/alabama.ts';
import { browserSkipReason, launchBrowser, type TestBrowser } from './support/chromium.ts';
import { ensureWebBuilt } from './support/web-build.ts';

const skip = browserSkipReason();
if (skip !== false) console.log(`# projection browser test ${skip}`);

const TOKEN = 'e2e-projection-token';
const BIG_CITIES = ['Jefferson', 'Madison', 'Mobile', 'Montgomery', 'Tuscaloosa'];

/** The 2016 President race per precinct, the baseline of the Senate projection. */
async function president2016(): Promise<PairPrecinct[]> {
  const text = readFileSync(
    fileURLToPath(new URL('../data/20161108__al__general__precinct.csv', import.meta.url)),
    'utf8',
  );
  const batches: CountBatch[] = [];
  // eslint-disable-next-line @typescript-eslint/require-await -- a one-chunk async source
  async function* chunks(): AsyncGenerator<string> {
    yield text;
  }
  const result = await importOpenElections(
    chunks(),
    {
      file: '20161108__al__general__precinct.csv',
      definition: null,
      election: {
        id: 'al-2016',
        name: 'AL 2016',
        date: '2016-11-08',
        state: 'AL',
        type: 'general',
      },
      onDuplicate: 'error',
      onCountyTotal: 'error',
    },
    { counts: (batch) => void batches.push(batch), facts: () => undefined },
  );
  assert.equal(result.ok, true);
  return contestPairPrecincts(result.definition, batches, 'President', ['DEM', 'REP']);
}

describe('projection band and call banner on the results page', () => {
  let running: RunningServer | undefined;
  let browser: TestBrowser | undefined;
  let page: Page;
  let directory = '';
  let store: Awaited<ReturnType<typeof openSqliteStore>> | undefined;

  const submit = async (csv: string): Promise<void> => {
    const response = await fetch(
      `${running?.url ?? ''}/api/elections/${ALABAMA_ELECTION_ID}/submissions?filename=${ALABAMA_FILE_NAME}`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/csv' },
        body: csv,
      },
    );
    assert.equal(response.status, 201, (await response.text()).slice(0, 300));
  };

  before(async () => {
    if (skip !== false) return;
    directory = mkdtempSync(join(tmpdir(), 'canvass-e2e-projection-'));
    store = await openSqliteStore(join(directory, 'canvass.db'));
    running = await startServer({
      store,
      logger: pino({ level: 'silent' }),
      port: 0,
      adminToken: TOKEN,
      webRoot: ensureWebBuilt(),
      projections: [
        { contest: 'UNITED STATES SENATOR', baseline: await president2016(), pair: ['DEM', 'REP'] },
      ],
    });
    const defined = await fetch(`${running.url}/api/elections/${ALABAMA_ELECTION_ID}/definition`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(await alabamaDefinition()),
    });
    assert.equal(defined.status, 201, await defined.text());
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });

  after(async () => {
    await browser?.close();
    await running?.close();
    await store?.close();
    if (directory !== '') rmSync(directory, { recursive: true, force: true });
  });

  it('shows the band while the cities are out, then the call', { skip }, async () => {
    const { chosen: cities, rest } = splitByCounty(alabamaCsv, BIG_CITIES);
    // Everything but the big cities: Moore leads the count, the projection stays uncertain.
    await submit(rest);
    await page.goto(`${running?.url ?? ''}/`);
    const band = page.locator('[data-testid=projection-band]');
    await band.waitFor();
    const banner = page.locator('[data-testid=call-banner]');
    assert.match((await banner.textContent()) ?? '', /Too early to call/);
    const expected = (await page.locator('[data-testid=expected-vote]').textContent()) ?? '';
    assert.match(expected, /About \d+% of the expected vote is counted/);
    assert.match(expected, /precincts reporting/);
    const label = (await band.getAttribute('aria-label')) ?? '';
    assert.match(label, /99% interval/);
    // The cities come in: the page updates live and calls the race for Jones.
    await submit(cities);
    await page.waitForFunction(
      () =>
        (document.querySelector('[data-testid=call-banner]')?.textContent ?? '').includes(
          'Projected winner: Doug Jones (DEM)',
        ),
      undefined,
      { timeout: 20_000 },
    );
    const called = (await banner.textContent()) ?? '';
    assert.match(called, /Projected winner: Doug Jones \(DEM\) \((statistical|mathematical) call/);
    assert.match(
      (await page.locator('[data-testid=expected-vote]').textContent()) ?? '',
      /2,2\d\d of 2,235 precincts reporting/,
    );
  });
});
