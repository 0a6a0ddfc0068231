import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import {
  ALABAMA_ELECTION_ID,
  ALABAMA_FILE_NAME,
  alabamaCsv,
  alabamaDefinition,
  splitByCounty,
} from './support/alabama.ts';
import { startTestServer, type TestServer } from './support/canvass-server.ts';
import { browserSkipReason, launchBrowser, type TestBrowser } from './support/chromium.ts';
import { ensureWebBuilt } from './support/web-build.ts';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const skip = browserSkipReason();
if (skip !== false) console.log(`# results page browser tests ${skip}`);

/** Reads the votes shown for a candidate in the featured contest's table. */
async function shownVotes(page: Page, name: string): Promise<string> {
  const row = page.locator('.contest-summary table.choices tbody tr', { hasText: name }).first();
  return (await row.locator('[data-testid=choice-votes]').textContent()) ?? '';
}

describe('results page in a real browser', () => {
  // Undefined when before() failed part-way; after() still cleans up what exists.
  let server: TestServer | undefined;
  let browser: TestBrowser | undefined;
  let page: Page;
  // Jefferson (Birmingham) is held back so its arrival visibly changes the race.
  const { chosen: jefferson, rest: withoutJefferson } = splitByCounty(alabamaCsv, ['Jefferson']);

  before(async () => {
    if (skip !== false) return;
    const webRoot = ensureWebBuilt();
    const running = await startTestServer(webRoot);
    server = running;
    const definition = await alabamaDefinition();
    const defined = await fetch(`${running.url}/api/elections/${ALABAMA_ELECTION_ID}/definition`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${running.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(definition),
    });
    assert.equal(defined.status, 201, await defined.text());
    const first = await running.submit(
      ALABAMA_ELECTION_ID,
      withoutJefferson,
      `66-counties-${ALABAMA_FILE_NAME}`,
    );
    assert.equal(first.status, 201, JSON.stringify(first.body).slice(0, 500));
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await page.goto(`${running.url}/`);
    await page.locator('[data-testid=county-map] path').first().waitFor();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('opens the newest election, labelled unofficial, with 66 counties in', { skip }, async () => {
    await page.getByText('Unofficial results', { exact: true }).waitFor();
    const reporting = (await page.getByTestId('precincts-reporting').first().textContent()) ?? '';
    assert.match(reporting, /^[\d,]+ of [\d,]+ precincts reporting$/);
    const [inNow, total] =
      reporting.match(/[\d,]+/g)?.map((figure) => Number(figure.replaceAll(',', ''))) ?? [];
    assert.ok(
      inNow !== undefined && total !== undefined && inNow < total,
      `Jefferson is still out: ${reporting}`,
    );
    assert.match(
      (await page.locator('.contest-summary h2').first().textContent()) ?? '',
      /senator/i,
    );
  });

  it(
    'the map draws the 67 counties, no pseudo-precincts, each one a button',
    { skip },
    async () => {
      const paths = page.locator('[data-testid=county-map] path');
      assert.equal(await paths.count(), 67);
      assert.equal(
        await page.locator('[data-testid=county-map] path[role=button]').count(),
        67,
        'every county is matched to its results',
      );
      assert.equal(
        await page.locator('[data-testid=county-map] path[tabindex="0"]').count(),
        1,
        'the map is one Tab stop',
      );
      const labels = await paths.evaluateAll((elements) =>
        elements.map((element) => element.getAttribute('aria-label') ?? ''),
      );
      assert.ok(
        labels.some((label) => label.startsWith('St. Clair County:')),
        'StClair matches us-atlas St. Clair',
      );
      assert.ok(labels.every((label) => !/absentee|provisional/i.test(label.split(':')[0] ?? '')));
    },
  );

  it(
    'a keyboard user can Tab to a county, read its figures, move with the arrows and open its precincts',
    { skip },
    async () => {
      await page.locator('body').click({ position: { x: 2, y: 2 } });
      const focusedCounty = (): Promise<string | null> =>
        page.evaluate(() => {
          const active = document.activeElement;
          return active?.matches('[data-testid=county-map] path') === true
            ? active.getAttribute('aria-label')
            : null;
        });
      let label: string | null = null;
      for (let presses = 0; presses < 30 && label === null; presses++) {
        await page.keyboard.press('Tab');
        label = await focusedCounty();
      }
      assert.ok(label !== null, 'Tab reached a county on the map');
      assert.match(
        label,
        /^Autauga County: .+ leads by [\d.]+ points\. Doug Jones [\d.]+%, Roy S\. Moore [\d.]+%.* [\d,]+ of [\d,]+ precincts reporting\.$/,
      );
      assert.match(
        (await page.getByTestId('county-panel').textContent()) ?? '',
        /^Autauga County.*precincts reporting/,
      );
      await page.keyboard.press('ArrowRight');
      const moved = (await focusedCounty()) ?? '';
      assert.ok(
        moved !== '' && !moved.startsWith('Autauga'),
        `the arrow moved to a neighbour: ${moved}`,
      );
      const county = moved.split(' County:')[0] ?? '';
      assert.ok(
        ((await page.getByTestId('county-panel').textContent()) ?? '').startsWith(
          `${county} County`,
        ),
        'the panel follows the focus',
      );
      await page.keyboard.press('Enter');
      await page
        .getByTestId('precinct-results')
        .getByRole('heading', { name: `${county} County precincts` })
        .waitFor();
      await page
        .getByTestId('precinct-results')
        .locator('table.precinct-table tbody tr')
        .first()
        .waitFor();
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'precinct-heading');
    },
  );

  it(
    'a submission posted while the page is open appears without a reload, and is announced',
    { skip },
    async () => {
      const before = await shownVotes(page, 'Doug Jones');
      const second = await server!.submit(
        ALABAMA_ELECTION_ID,
        jefferson,
        `jefferson-${ALABAMA_FILE_NAME}`,
      );
      assert.equal(second.status, 201, JSON.stringify(second.body).slice(0, 500));
      await page.waitForFunction(
        () =>
          document
            .querySelector('[data-testid=live-region]')
            ?.textContent.startsWith('Update 2:') === true,
        undefined,
        { timeout: 10_000 },
      );
      const announced = (await page.getByTestId('live-region').textContent()) ?? '';
      assert.match(
        announced,
        /^Update 2: .*Doug Jones leads by 1\.7 points with ([\d,]+) of \1 precincts$/,
      );
      assert.equal(await page.getByTestId('live-region').getAttribute('aria-live'), 'polite');
      assert.equal(await shownVotes(page, 'Doug Jones'), '673,352');
      assert.equal(await shownVotes(page, 'Roy S. Moore'), '650,940');
      assert.notEqual(before, '673,352');
    },
  );

  it('a fresh load shows the Alabama totals', { skip }, async () => {
    await page.reload();
    await page.locator('[data-testid=county-map] path').first().waitFor();
    assert.equal(await shownVotes(page, 'Doug Jones'), '673,352');
    assert.equal(await shownVotes(page, 'Roy S. Moore'), '650,940');
    assert.match(
      (await page.getByTestId('standing').first().textContent()) ?? '',
      /^Doug Jones leads by 22,412 votes \(1\.7 points\)/,
    );
  });

  it('screenshots on a desktop and a 390px phone are saved', { skip }, async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}results-desktop.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.locator('[data-testid=county-map] path').first().waitFor();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    assert.ok(
      overflow <= 0,
      `the page does not scroll sideways on a phone (${overflow}px too wide)`,
    );
    await page.screenshot({ path: `${ARTIFACTS}results-phone.png`, fullPage: false });
    await page.screenshot({ path: `${ARTIFACTS}results-phone-full.png`, fullPage: true });
  });
});

describe('a tied contest in a real browser', () => {
  let server: TestServer | undefined;
  let browser: TestBrowser | undefined;
  let page: Page;
  // Invented figures: two counties split evenly statewide, plus an absentee pseudo-precinct.
  const csv = [
    'county,precinct,office,district,party,candidate,votes',
    'Autauga,P-01 North,GOVERNOR,,DEM,Ada Alvarez,50',
    'Autauga,P-01 North,GOVERNOR,,REP,Ben Brook,40',
    'Autauga,ABSENTEE,GOVERNOR,,DEM,Ada Alvarez,10',
    'Autauga,ABSENTEE,GOVERNOR,,REP,Ben Brook,0',
    'Baldwin,P-02 Bay,GOVERNOR,,DEM,Ada Alvarez,40',
    'Baldwin,P-02 Bay,GOVERNOR,,REP,Ben Brook,60',
    '',
  ].join('\n');
  const fileName = '20261103__al__general__precinct.csv';

  before(async () => {
    if (skip !== false) return;
    const running = await startTestServer(ensureWebBuilt());
    server = running;
    const submitted = await running.submit('2026-11-03-al-general', csv, fileName);
    assert.equal(submitted.status, 201, JSON.stringify(submitted.body).slice(0, 500));
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await page.goto(`${running.url}/elections/2026-11-03-al-general`);
    await page.locator('[data-testid=county-map] path').first().waitFor();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('says a tie is a tie, names no leader and greys nothing it should not', { skip }, async () => {
    assert.equal(
      (await page.getByTestId('standing').first().textContent()) ?? '',
      'Ada Alvarez and Ben Brook are tied Tie',
    );
    assert.equal(await page.locator('.choices .leader-mark').count(), 0);
    assert.match(
      (await page.getByTestId('precincts-reporting').textContent()) ?? '',
      /^2 of 2 precincts reporting$/,
    );
    const buttons = page.locator('[data-testid=county-map] path[role=button]');
    assert.equal(await buttons.count(), 2, 'only the two counties on this ballot are buttons');
    assert.equal(await page.locator('[data-testid=county-map] path').count(), 67);
    assert.match(
      (await buttons.first().getAttribute('aria-label')) ?? '',
      /^Autauga County: Ada Alvarez leads by 20\.0 points\./,
    );
  });

  it('lists the absentee votes apart from the precincts, never on the map', { skip }, async () => {
    await page
      .getByTestId('county-table')
      .getByRole('button', { name: 'Autauga', exact: true })
      .click();
    const drill = page.getByTestId('precinct-results');
    await drill.locator('table.precinct-table').first().waitFor();
    const captions = await drill.locator('caption').allTextContents();
    assert.deepEqual(captions, [
      'Precincts in Autauga County',
      'Absentee and provisional ballots in Autauga County (not shown on the map)',
    ]);
    assert.equal(await drill.locator('table').nth(1).locator('tbody tr').count(), 1);
  });
});
