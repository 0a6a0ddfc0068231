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
if (skip !== false) console.log(`# audit administration browser test ${skip}`);

const TOKEN = 'e2e-audit-admin-token';
const PASSWORD = 'e2e audit admin password';
const CONTEST = 'one-mill-school-tax';

interface View {
  audit: { id: string; contests: { contestId: string; choices: { id: string; name: string }[] }[] };
  measurement: {
    finished: boolean;
    contests: { risk: number }[];
    nextRound: { options: Record<string, { size: number }>; recommended: string } | null;
  } | null;
}

describe("the state administrator's side of an audit in a real browser", { skip }, () => {
  let directory = '';
  let closeStore: () => Promise<void> = () => Promise.resolve();
  let server: RunningServer | undefined;
  let browser: TestBrowser | undefined;
  let page: Page;

  async function api(method: string, path: string, body?: unknown): Promise<unknown> {
    assert.ok(server !== undefined);
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        'content-type': typeof body === 'string' ? 'text/csv' : 'application/json',
      },
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const json = (await response.json()) as unknown;
    assert.ok(response.ok, `${method} ${path}: ${JSON.stringify(json).slice(0, 300)}`);
    return json;
  }

  /** Records every ballot of a round in Baldwin as a vote for one choice (an audit board's work). */
  async function enterRound(auditId: string, round: number, choice: string): Promise<number> {
    const rows = (await api(
      'GET',
      `/api/audits/${auditId}/rounds/${String(round)}/ballots?county=Baldwin`,
    )) as { ballotKey: string }[];
    await api('POST', `/api/audits/${auditId}/entries`, {
      entries: rows.map((r) => ({
        ballot: { ballotKey: r.ballotKey },
        interpretation: { kind: 'found', votes: { [CONTEST]: [choice] } },
      })),
    });
    return rows.length;
  }

  async function signInAs(name: string): Promise<void> {
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
  }

  before(async () => {
    directory = mkdtempSync(join(tmpdir(), 'canvass-e2e-audit-admin-'));
    const store = await openSqliteStore(join(directory, 'canvass.db'));
    closeStore = () => store.close();
    const accounts = new Accounts(store.database);
    await accounts.addUser({ name: 'sos', role: 'state-admin', password: PASSWORD });
    await accounts.addUser({ name: 'board-1', role: 'auditor', password: PASSWORD });
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
    );
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await closeStore();
    rmSync(directory, { recursive: true, force: true });
  });

  it('creates an audit, imports the manifest, sets the seed, draws and measures rounds', async () => {
    assert.ok(server !== undefined);
    // The public reaches the election's audits from the results page and is asked to sign in.
    await page.goto(`${server.url}/elections/${ALABAMA_ELECTION_ID}`);
    await page.getByRole('link', { name: 'Risk-limiting audits' }).click();
    await page.getByTestId('no-audits').waitFor();
    await page.getByTestId('audit-admin-sign-in').getByRole('link', { name: 'sign in' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Create audit' }).count(), 0);

    // The state administrator creates a ballot-polling audit of Baldwin's school tax.
    await signInAs('sos');
    await page.goto(`${server.url}/elections/${ALABAMA_ELECTION_ID}/audits`);
    await page.getByLabel('Audit name').fill('Baldwin school tax audit');
    const contestName =
      (await alabamaDefinition()).contests.find((c) => c.id === CONTEST)?.name ?? '';
    await page.getByLabel(contestName, { exact: true }).check();
    await page.getByLabel('Risk limit (%)').fill('10');
    await page.getByLabel('Method').selectOption('bravo');
    await page.getByRole('button', { name: 'Create audit' }).click();
    await page.getByRole('heading', { name: 'Baldwin school tax audit' }).waitFor();
    const auditId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    const created = (await api('GET', `/api/audits/${auditId}`)) as View;
    assert.equal(created.audit.contests[0]?.contestId, CONTEST);
    const [yes, no] = created.audit.contests[0].choices;
    assert.ok(yes !== undefined && no !== undefined);

    // A manifest with a bad line is refused whole, with the server's line, field and reason.
    const manifestInput = page.getByLabel('Ballot manifest file');
    await manifestInput.setInputFiles({
      name: 'manifest.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'county,tabulator,batch,ballots\nBaldwin,T1,B1,40000\nBaldwin,T2,B2,lots\n',
      ),
    });
    await page.getByRole('button', { name: 'Upload manifest' }).click();
    const problem = page.getByTestId('manifest-problem');
    await problem.waitFor();
    assert.match(
      (await problem.textContent()) ?? '',
      /problem\(s\) in the manifest; nothing was stored/,
    );
    assert.match(
      (await problem.locator('li').first().textContent()) ?? '',
      /^line 3, ballots: "lots" is not a whole number/,
    );
    await manifestInput.setInputFiles({
      name: 'manifest.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'county,tabulator,batch,ballots\nBaldwin,T1,B1,40000\nBaldwin,T2,B2,23000\n',
      ),
    });
    await page.getByRole('button', { name: 'Upload manifest' }).click();
    await page.getByText('63,000 ballots in 2 batches').waitFor();
    assert.equal(await page.getByTestId('manifest-step').count(), 0);

    // The seed, then the sizes the server computes for the first round.
    await page.getByLabel('Seed').fill('1234 5678 9012 3456 7890');
    await page.getByRole('button', { name: 'Set seed' }).click();
    await page.getByTestId('audit-seed').filter({ hasText: '12345678901234567890' }).waitFor();
    const sizes = (await api(
      'GET',
      `/api/audits/${auditId}/sample-sizes`,
    )) as View['measurement'] & {
      nextRound: NonNullable<NonNullable<View['measurement']>['nextRound']>;
    };
    const offered = page.getByTestId('draw-options').locator(':scope > li');
    const options = Object.entries(sizes.nextRound.options);
    assert.ok(options.length > 0);
    assert.equal(await offered.count(), options.length + 1);
    for (const [i, [, option]] of options.entries())
      assert.match(
        (await offered.nth(i).textContent()) ?? '',
        new RegExp(`: ${option.size.toLocaleString('en-US')} ballots`),
      );

    // Round 1: a typed size of 8, drawn; the per-county retrieval lists appear.
    await page.getByLabel('Number of ballots to draw').fill('8');
    await page.getByRole('button', { name: 'Draw round 1' }).click();
    await page.getByTestId('round-open').filter({ hasText: 'Round 1 is open' }).waitFor();
    const csvLink = page.getByTestId('audit-rounds').getByRole('link', { name: 'CSV' });
    const printable = page.getByTestId('audit-rounds').getByRole('link', { name: 'printable' });
    assert.match(
      (await printable.getAttribute('href')) ?? '',
      /rounds\/1\/retrieval\?county=Baldwin&format=html$/,
    );
    const csv = await (
      await fetch(`${server.url}${(await csvLink.getAttribute('href')) ?? ''}`)
    ).text();
    assert.match(csv.split('\n')[0] ?? '', /batch/);

    // The boards read round 1 as votes against; measuring shows the risk and the next size.
    const firstRound = await enterRound(auditId, 1, no.id);
    assert.ok(firstRound > 0 && firstRound <= 8);
    await page.getByRole('button', { name: 'Measure round 1' }).click();
    const measured = page.getByTestId('round-measured');
    await measured.filter({ hasText: 'Round 1 measured' }).waitFor();
    const after1 = (await api('GET', `/api/audits/${auditId}`)) as View;
    assert.ok(after1.measurement !== null && !after1.measurement.finished);
    const next = after1.measurement.nextRound;
    assert.ok(next !== null);
    const proposed = next.options[next.recommended]?.size ?? 0;
    assert.match(
      (await page.getByTestId('audit-outcome').textContent()) ?? '',
      new RegExp(`not finished; proposed next round: ${proposed.toLocaleString('en-US')} ballots`),
    );
    assert.match(
      (await measured.textContent()) ?? '',
      new RegExp(`risk ${(after1.measurement.contests[0]?.risk ?? -1).toPrecision(3)}`),
    );

    // Round 2 at the proposed size; read as votes for, it meets the risk limit.
    await page.getByRole('button', { name: 'Draw round 2' }).click();
    await page.getByTestId('round-open').filter({ hasText: 'Round 2 is open' }).waitFor();
    await enterRound(auditId, 2, yes.id);
    await page.getByRole('button', { name: 'Measure round 2' }).click();
    await page
      .getByTestId('audit-outcome')
      .filter({ hasText: 'The audit is finished: every contest met the risk limit.' })
      .waitFor();
    assert.equal(await page.getByTestId('draw-step').count(), 0);
    const finished = (await api('GET', `/api/audits/${auditId}`)) as View;
    assert.equal(finished.measurement?.finished, true);

    // Every step is on the ledger, made by the signed-in administrator; the refused manifest left none.
    const steps = (await api('GET', `/api/audits/${auditId}/steps`)) as {
      actor: string;
      payload: { step: string; sampleSize?: number; option?: string | null };
    }[];
    const mine = steps.filter((s) => s.actor === 'sos').map((s) => s.payload.step);
    assert.deepEqual(mine, [
      'audit-created',
      'manifest-imported',
      'seed-set',
      'round-drawn',
      'round-drawn',
    ]);
    const draws = steps.filter((s) => s.payload.step === 'round-drawn');
    assert.equal(draws[0]?.payload.sampleSize, 8);
    assert.equal(draws[1]?.payload.option, next.recommended);

    // An auditor sees the audit but none of these controls.
    await signInAs('board-1');
    await page.goto(`${server.url}/audits/${auditId}`);
    await page
      .getByTestId('audit-admin-sign-in')
      .filter({ hasText: 'signed in as board-1, auditor' })
      .waitFor();
    assert.equal(await page.getByRole('button', { name: /Draw round|Set seed|Upload/ }).count(), 0);
    await page.goto(`${server.url}/elections/${ALABAMA_ELECTION_ID}/audits`);
    await page
      .getByTestId('audit-list')
      .getByRole('link', { name: 'Baldwin school tax audit' })
      .waitFor();
    assert.equal(await page.getByRole('button', { name: 'Create audit' }).count(), 0);
  });

  it('creates an ALPHA audit with a chosen estimator and a required share from the form', async () => {
    assert.ok(server !== undefined);
    await signInAs('sos');
    await page.goto(`${server.url}/elections/${ALABAMA_ELECTION_ID}/audits`);
    await page.getByLabel('Audit name').fill('School tax ALPHA audit');
    const contestName =
      (await alabamaDefinition()).contests.find((c) => c.id === CONTEST)?.name ?? '';
    await page.getByLabel(contestName, { exact: true }).check();
    await page.getByLabel('Risk limit (%)').fill('10');
    await page.getByLabel('Method').selectOption('alpha-polling');
    const settings = page.getByTestId('alpha-settings');
    await settings.getByLabel('Estimator').selectOption('fixed');
    await settings.getByLabel(/^η/).fill('0.55');
    await settings.getByLabel(/required share/).fill('1/2');
    await page.getByRole('button', { name: 'Create audit' }).click();
    await page.getByRole('heading', { name: 'School tax ALPHA audit' }).waitFor();
    const auditId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    const view = (await api('GET', `/api/audits/${auditId}`)) as View & {
      audit: { alpha: unknown };
    };
    assert.deepEqual(view.audit.alpha, {
      estimator: { kind: 'fixed', eta: 0.55 },
      supermajority: { [CONTEST]: { numerator: 1, denominator: 2 } },
    });
    const shown = (await page.getByTestId('audit-estimator').textContent()) ?? '';
    assert.match(shown, /fixed, η = 0\.55/);
    assert.match(shown, /needs more than 1\/2 of the valid votes/);
    const steps = (await api('GET', `/api/audits/${auditId}/steps`)) as {
      payload: { step?: string; parameters?: { estimatorSetting?: unknown } };
    }[];
    assert.deepEqual(
      steps.find((x) => x.payload.step === 'audit-created')?.payload.parameters?.estimatorSetting,
      { kind: 'fixed', eta: 0.55 },
    );
  });

  it('uploads the cast vote records of a comparison audit and the batch tallies of a MACRO audit', async () => {
    assert.ok(server !== undefined);
    await signInAs('sos');
    const manifest = 'county,tabulator,batch,ballots\nBaldwin,T1,B1,40000\nBaldwin,T2,B2,23000\n';
    const make = async (name: string, method: string): Promise<View> => {
      const view = (await api('POST', `/api/elections/${ALABAMA_ELECTION_ID}/audits`, {
        name,
        riskLimit: 10,
        method,
        contests: [CONTEST],
      })) as View;
      await api('POST', `/api/audits/${view.audit.id}/manifest`, manifest);
      return view;
    };
    const comparison = await make('Baldwin comparison audit', 'supersimple');
    const [yes] = comparison.audit.contests[0]?.choices ?? [];
    assert.ok(yes !== undefined);
    await page.goto(`${server.url}/audits/${comparison.audit.id}`);
    await page.getByRole('heading', { name: 'Baldwin comparison audit' }).waitFor();
    const cvrInput = page.getByLabel('Cast vote records file');
    const header = `county,tabulator,batch,position,${CONTEST}`;
    await cvrInput.setInputFiles({
      name: 'cvrs.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${header}\nBaldwin,T1,B1,1,${yes.id}\nBaldwin,T1,B9,2,${yes.id}\n`),
    });
    await page.getByRole('button', { name: 'Upload cast vote records' }).click();
    const cvrProblem = page.getByTestId('cvrs-problem');
    await cvrProblem.waitFor();
    assert.match((await cvrProblem.textContent()) ?? '', /nothing was stored/);
    assert.match((await cvrProblem.locator('li').first().textContent()) ?? '', /^line 3, /);
    await cvrInput.setInputFiles({
      name: 'cvrs.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${header}\nBaldwin,T1,B1,1,${yes.id}\nBaldwin,T1,B1,2,${yes.id}\n`),
    });
    await page.getByRole('button', { name: 'Upload cast vote records' }).click();
    await page.getByText('Cast vote records: 2.').waitFor();
    assert.equal(await page.getByTestId('cvrs-step').count(), 0);

    const batch = await make('Baldwin batch tally audit', 'macro');
    await page.goto(`${server.url}/audits/${batch.audit.id}`);
    await page.getByRole('heading', { name: 'Baldwin batch tally audit' }).waitFor();
    await page.getByLabel('Reported batch tallies file').setInputFiles({
      name: 'tallies.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        `county,tabulator,batch,contest,choice,votes\nBaldwin,T1,B1,${CONTEST},${yes.id},many\n`,
      ),
    });
    await page.getByRole('button', { name: 'Upload batch tallies' }).click();
    const tallyProblem = page.getByTestId('batch-tallies-problem');
    await tallyProblem.waitFor();
    assert.match(
      (await tallyProblem.locator('li').first().textContent()) ?? '',
      /^line 2, votes: /,
    );
  });

  it('records a full hand count from the page when a measured round has not met the limit', async () => {
    assert.ok(server !== undefined);
    await signInAs('sos');
    const view = (await api('POST', `/api/elections/${ALABAMA_ELECTION_ID}/audits`, {
      name: 'Baldwin hand count audit',
      riskLimit: 10,
      method: 'bravo',
      contests: [CONTEST],
    })) as View;
    const id = view.audit.id;
    await api(
      'POST',
      `/api/audits/${id}/manifest`,
      'county,tabulator,batch,ballots\nBaldwin,T1,B1,40000\nBaldwin,T2,B2,23000\n',
    );
    await api('POST', `/api/audits/${id}/seed`, { seed: '31415926535897932384' });
    await api('POST', `/api/audits/${id}/rounds`, { sampleSize: 3 });
    const [yes, no] = view.audit.contests[0]?.choices ?? [];
    assert.ok(yes !== undefined && no !== undefined);
    await enterRound(id, 1, no.id);
    await page.goto(`${server.url}/audits/${id}`);
    const step = page.getByTestId('hand-count-step');
    await step.waitFor();
    await step.getByLabel(yes.name).fill('37798');
    await step.getByRole('button', { name: 'Record hand count' }).click();
    await step
      .getByRole('alert')
      .filter({ hasText: `whole number of votes for ${no.name}` })
      .waitFor();
    await step.getByLabel(no.name).fill('23048');
    await step.getByRole('button', { name: 'Record hand count' }).click();
    await page
      .getByTestId('hand-count')
      .filter({ hasText: 'the count confirms the reported winners' })
      .waitFor();
    await page.getByTestId('audit-outcome').filter({ hasText: 'The audit is finished' }).waitFor();
    assert.equal(await page.getByTestId('hand-count-step').count(), 0);
    const steps = (await api('GET', `/api/audits/${id}/steps`)) as {
      actor: string;
      payload: { step: string; votes?: Record<string, number> };
    }[];
    const counted = steps.find((s) => s.payload.step === 'hand-count-recorded');
    assert.equal(counted?.actor, 'sos');
    assert.deepEqual(counted.payload.votes, { [yes.id]: 37798, [no.id]: 23048 });
  });
});
