import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { sha256Hex, verifyChain, type RetrievalRow } from '@canvass/core';
import { importFile } from '../ingest/import-file.ts';
import { signatureChecker } from '../ledger/signing-key.ts';
import { verifyElection } from '../ledger/verify-election.ts';
import { LiveResults } from '../live/live-results.ts';
import type { SqliteStore } from '../store/sqlite-store.ts';
import { temporaryStore } from '../testing/fixture-store.ts';
import type { AuditView } from '../audit/audit-state.ts';
import { createApp } from './app.ts';

// A whole ballot-polling audit through the HTTP API, on the real Alabama 2017 tallies: Baldwin
// County's one-mill school tax (For 37,798, Against 23,048), then the U.S. Senate's size options.
const AL_2017 = fileURLToPath(
  new URL('../../../../data/20171212__al__special__general__precinct.csv', import.meta.url),
);
const ELECTION = '2017-12-12-al-special-general';
const TOKEN = 'audit-test-token';
const SEED = '38472910573829104756';

let store: SqliteStore;
let dispose: () => Promise<void>;
let app: ReturnType<typeof createApp>;

before(async () => {
  ({ store, dispose } = await temporaryStore());
  const outcome = await importFile({ store, path: AL_2017, submittedBy: 'test' });
  assert.equal(outcome.status, 'accepted');
  app = createApp({
    store,
    live: await LiveResults.load(store),
    logger: pino({ level: 'silent' }),
    adminToken: TOKEN,
    accounts: null,
  });
});
after(async () => {
  await dispose();
});

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the JSON shape it expects
async function call<T>(
  method: string,
  path: string,
  body?: unknown,
  type = 'application/json',
): Promise<{ status: number; body: T; text: string; headers: Headers }> {
  const response = await app.request(path, {
    method,
    headers: {
      authorization: `Bearer ${TOKEN}`,
      ...(body === undefined ? {} : { 'content-type': type }),
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  const parsed = (response.headers.get('content-type') ?? '').includes('json')
    ? (JSON.parse(text) as T)
    : (undefined as T);
  return { status: response.status, body: parsed, text, headers: response.headers };
}

/** The contest's ballot cards in the reported results: votes plus over- and undervotes. */
async function contestBallots(contestId: string): Promise<number> {
  const { body } = await call<{
    contests: {
      id: string;
      totalVotes: number;
      overvotes: number | null;
      undervotes: number | null;
    }[];
  }>('GET', `/api/elections/${ELECTION}/results`);
  const contest = body.contests.find((c) => c.id === contestId);
  assert.ok(contest !== undefined);
  return contest.totalVotes + (contest.overvotes ?? 0) + (contest.undervotes ?? 0);
}

/** A manifest of `ballots` ballots in one county, in batches of up to 400. */
function manifestCsv(county: string, ballots: number): string {
  const lines = ['county,tabulator,batch,ballots'];
  for (let b = 0, left = ballots; left > 0; b++, left -= 400)
    lines.push(
      `${county},DS200-${String(b % 7)},Batch ${String(b + 1).padStart(3, '0')},${String(Math.min(400, left))}`,
    );
  return `${lines.join('\n')}\n`;
}

/**
 * What the audit board finds on a ballot, simulated from the reported shares (For 60.1%,
 * Against 36.6%, the rest blank) with the ballot's hashed id as the random source.
 */
function reading(ballot: string): { kind: 'found'; votes: Record<string, string[]> } {
  const u =
    Number.parseInt(createHash('sha256').update(ballot).digest('hex').slice(0, 12), 16) / 2 ** 48;
  const choice =
    u < 0.601 ? ['for-proposed-taxation'] : u < 0.967 ? ['against-proposed-taxation'] : [];
  return { kind: 'found', votes: { 'one-mill-school-tax': choice } };
}

describe('a ballot-polling audit through the API on the Alabama 2017 tallies', () => {
  it('runs from creation to a confirmed outcome, with retrieval lists and every step on the ledger', async () => {
    const unauthenticated = await app.request(`/api/elections/${ELECTION}/audits`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(unauthenticated.status, 401);

    const created = await call<AuditView>('POST', `/api/elections/${ELECTION}/audits`, {
      name: 'Baldwin one-mill school tax',
      riskLimit: 10,
      method: 'bravo',
      contests: ['one-mill-school-tax'],
    });
    assert.equal(created.status, 201, created.text);
    const id = created.body.audit.id;
    assert.deepEqual(
      created.body.audit.contests[0]?.choices.map((c) => [c.id, c.votes]),
      [
        ['for-proposed-taxation', 37798],
        ['against-proposed-taxation', 23048],
      ],
    );

    const bad = await call<{ error: { code: string; details: { problems: unknown[] } } }>(
      'POST',
      `/api/audits/${id}/manifest`,
      'county,tabulator,batch,ballots\nBaldwin,,B1,ten\n',
      'text/csv',
    );
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.body.error.details.problems, [
      { line: 2, field: 'ballots', reason: '"ten" is not a whole number of ballots' },
    ]);
    const ballots = await contestBallots('one-mill-school-tax');
    assert.ok(ballots >= 37798 + 23048);
    const manifest = await call<AuditView>(
      'POST',
      `/api/audits/${id}/manifest`,
      manifestCsv('Baldwin', ballots),
      'text/csv',
    );
    assert.equal(manifest.status, 200, manifest.text);
    assert.equal(manifest.body.manifest?.ballots, ballots);
    const seeded = await call<AuditView>('POST', `/api/audits/${id}/seed`, { seed: SEED });
    assert.equal(seeded.status, 200, seeded.text);
    assert.equal(seeded.body.next, 'draw round 1');

    let rounds = 0;
    let view = seeded.body;
    while (view.measurement?.finished !== true && rounds < 5) {
      const sizes = await call<{
        nextRound: {
          options: Record<string, { size: number }>;
          recommended: string;
          fullHandCount: boolean;
        };
      }>('GET', `/api/audits/${id}/sample-sizes`);
      assert.equal(sizes.body.nextRound.fullHandCount, false);
      const drawn = await call<AuditView>('POST', `/api/audits/${id}/rounds`, {
        option: sizes.body.nextRound.recommended,
      });
      assert.equal(drawn.status, 201, drawn.text);
      rounds++;
      const size = sizes.body.nextRound.options[sizes.body.nextRound.recommended]?.size ?? 0;
      assert.equal(drawn.body.rounds[rounds - 1]?.draws, size);

      const path = `/api/audits/${id}/rounds/${String(rounds)}/retrieval?county=Baldwin`;
      const list = await call<RetrievalRow[]>('GET', path);
      assert.equal(
        list.body.reduce((n, r) => n + r.timesDrawn, 0),
        size,
      );
      const csv = await call<undefined>('GET', `${path}&format=csv`);
      assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
      assert.equal(csv.text.trim().split('\n').length, list.body.length + 1);
      assert.equal(csv.text.split('\n')[0], 'county,tabulator,batch,position,ticket,times_drawn');
      const page = await call<undefined>('GET', `${path}&format=html`);
      assert.match(
        page.text,
        /<title>Baldwin one-mill school tax: round \d+ retrieval list, Baldwin<\/title>/,
      );
      assert.ok(page.text.includes(`<td class="t">${list.body[0]?.ticket ?? 'x'}</td>`));

      // The board pulls each ballot by batch and position; the first of round 1 is missing.
      const entries = list.body.map((row, i) => ({
        ballot: {
          county: row.county,
          tabulator: row.tabulator,
          batch: row.batch,
          position: row.position,
        },
        interpretation:
          rounds === 1 && i === 0
            ? { kind: 'not-found' as const }
            : reading(`${row.tabulator ?? ''}/${row.batch}/${String(row.position)}`),
      }));
      const entered = await call<AuditView>('POST', `/api/audits/${id}/entries`, { entries });
      assert.equal(entered.status, 200, entered.text);
      view = entered.body;
      assert.equal(view.measurement?.pending, 0);
    }
    assert.equal(view.measurement?.finished, true, 'the reported outcome is confirmed');
    const risk = view.measurement.contests[0]?.risk ?? 1;
    assert.ok(risk <= 0.1, `risk ${String(risk)}`);
    assert.equal(view.next, 'finished: every contest met the risk limit');
    const finishedDraw = await call<{ error: { code: string } }>(
      'POST',
      `/api/audits/${id}/rounds`,
      { sampleSize: 10 },
    );
    assert.equal(finishedDraw.status, 409);

    // Observers see every step with its inputs, on a valid signed chain.
    const steps = await call<{ payload: Record<string, unknown>; actor: string }[]>(
      'GET',
      `/api/audits/${id}/steps`,
    );
    assert.deepEqual(
      steps.body.map((s) => s.payload['step']),
      [
        'audit-created',
        'manifest-imported',
        'seed-set',
        ...Array.from({ length: rounds }, () => ['round-drawn', 'ballots-entered']).flat(),
      ],
    );
    assert.equal(steps.body[2]?.payload['seed'], SEED);
    assert.deepEqual(
      verifyChain(
        await store.listLedger(ELECTION),
        sha256Hex,
        signatureChecker(store.publicKeyPem),
      ),
      [],
    );
    // The whole election still verifies: chain, signatures and totals rebuilt from the sources.
    assert.deepEqual((await verifyElection(store, ELECTION)).problems, []);
    const listed = await call<{ id: string }[]>('GET', `/api/elections/${ELECTION}/audits`);
    assert.deepEqual(
      listed.body.map((a) => a.id),
      [id],
    );
  });

  it('offers U.S. Senate sample sizes from the reported Jones–Moore margin', async () => {
    const created = await call<AuditView>('POST', `/api/elections/${ELECTION}/audits`, {
      name: 'U.S. Senate',
      riskLimit: 5,
      method: 'bravo',
      contests: ['united-states-senator'],
    });
    assert.equal(created.status, 201, created.text);
    assert.deepEqual(
      created.body.audit.contests[0]?.choices.map((c) => c.votes),
      [673352, 650940, 21464],
    );
    const id = created.body.audit.id;
    const ballots = await contestBallots('united-states-senator');
    const imported = await call<AuditView>(
      'POST',
      `/api/audits/${id}/manifest`,
      manifestCsv('Jefferson', ballots),
      'text/csv',
    );
    assert.equal(imported.status, 200, imported.text);
    const sizes = await call<{
      nextRound: { options: Record<string, { size: number }>; recommended: string };
    }>('GET', `/api/audits/${id}/sample-sizes`);
    const { options } = sizes.body.nextRound;
    // A 1.7-point margin needs tens of thousands of ballots; the quantiles grow with confidence.
    assert.ok((options['asn']?.size ?? 0) > 10_000);
    assert.ok((options['0.7']?.size ?? 0) < (options['0.9']?.size ?? 0));
    const tooSmall = await call<{ error: { message: string } }>(
      'POST',
      `/api/audits/${id}/manifest`,
      manifestCsv('Jefferson', 1000),
      'text/csv',
    );
    assert.equal(tooSmall.status, 422);
    assert.match(tooSmall.body.error.message, /lists 1000 ballots, fewer than/);
  });
});
