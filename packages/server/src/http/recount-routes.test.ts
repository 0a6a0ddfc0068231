import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { buildDefinition } from '@canvass/core/testing';
import { Accounts } from '../auth/accounts.ts';
import { importStream } from '../ingest/import-stream.ts';
import { LiveResults } from '../live/live-results.ts';
import type { SqliteStore } from '../store/sqlite-store.ts';
import { temporaryStore } from '../testing/fixture-store.ts';
import { createApp } from './app.ts';

const definition = {
  ...buildDefinition({
    counties: { Adams: ['P1', 'P2'], Baker: ['Q1'] },
    contests: [{ name: 'Mayor', choices: ['Ada', 'Ben'] }],
  }),
  id: 'town-2026',
};
const TOKEN = 'recount-admin-token';
const HEADER = 'county,precinct,office,district,party,candidate,votes';
let store: SqliteStore;
let dispose: () => Promise<void>;
let app: ReturnType<typeof createApp>;

before(async () => {
  ({ store, dispose } = await temporaryStore());
  await store.defineElection(definition);
  const original = [
    HEADER,
    'Adams,P1,Mayor,,,Ada,300',
    'Adams,P1,Mayor,,,Ben,280',
    'Adams,P2,Mayor,,,Ada,100',
    'Adams,P2,Mayor,,,Ben,110',
    'Baker,Q1,Mayor,,,Ada,40',
    'Baker,Q1,Mayor,,,Ben,45',
  ].join('\n');
  // eslint-disable-next-line @typescript-eslint/require-await -- a one-chunk async source
  async function* bytes(): AsyncGenerator<Buffer> {
    yield Buffer.from(`${original}\n`);
  }
  const imported = await importStream({
    store,
    source: { kind: 'bytes', bytes: bytes() },
    sourceName: 'original.csv',
    electionId: definition.id,
    submittedBy: 'test',
  });
  assert.equal(imported.status, 'accepted');
  app = createApp({
    store,
    live: await LiveResults.load(store),
    logger: pino({ level: 'silent' }),
    adminToken: TOKEN,
    accounts: new Accounts(store.database),
  });
});
after(async () => {
  await dispose();
});

const post = (body: string, query = 'filename=baker-recount.csv', token: string | null = TOKEN) =>
  app.request(`/api/elections/town-2026/contests/mayor/recounts?${query}`, {
    method: 'POST',
    headers: {
      'content-type': 'text/csv',
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
    },
    body,
  });

describe('recount API', () => {
  it('records a recount, lists it and compares it per precinct and county', async () => {
    const response = await post(
      [HEADER, 'Baker,Q1,Mayor,,,Ada,41', 'Baker,Q1,Mayor,,,Ben,43'].join('\n'),
    );
    assert.equal(response.status, 201, await response.clone().text());
    const created = (await response.json()) as {
      recount: { id: number; contestId: string; units: number; sourceName: string };
      ledger: { sequence: number };
    };
    assert.equal(created.recount.contestId, 'mayor');
    assert.equal(created.recount.units, 1);
    assert.equal(created.recount.sourceName, 'baker-recount.csv');
    assert.ok(created.ledger.sequence > 1);

    const list = (await (await app.request('/api/elections/town-2026/recounts')).json()) as {
      id: number;
    }[];
    assert.deepEqual(
      list.map((r) => r.id),
      [created.recount.id],
    );

    const compared = await app.request(
      `/api/elections/town-2026/recounts/${String(created.recount.id)}/comparison`,
    );
    assert.equal(compared.status, 200);
    const { comparison } = (await compared.json()) as {
      comparison: {
        precincts: { id: string; difference: number[] }[];
        counties: { id: string; difference: number[] }[];
        totals: { original: number[]; recount: number[] };
        outcomeChanged: boolean;
        unitsNotRecounted: number;
      };
    };
    assert.deepEqual(comparison.precincts, [
      {
        id: 'baker/q1',
        name: 'Q1',
        countyId: 'baker',
        countyName: 'Baker',
        original: [40, 45],
        recount: [41, 43],
        difference: [1, -2],
      },
    ]);
    assert.deepEqual(
      comparison.counties.map((c) => [c.id, c.difference]),
      [['baker', [1, -2]]],
    );
    assert.deepEqual(comparison.totals.original, [440, 435]);
    assert.deepEqual(comparison.totals.recount, [441, 433]);
    assert.equal(comparison.outcomeChanged, false);
    assert.equal(comparison.unitsNotRecounted, 2);
    // The published results are still the original count.
    const results = (await (await app.request('/api/elections/town-2026/results')).json()) as {
      contests: { choices: { votes: number }[] }[];
    };
    assert.deepEqual(
      results.contests[0]?.choices.map((c) => c.votes),
      [440, 435],
    );
  });

  it('refuses without the permission, a bad file whole, and unknown recounts', async () => {
    const anonymous = await post([HEADER, 'Baker,Q1,Mayor,,,Ada,1'].join('\n'), 'x', null);
    assert.equal(anonymous.status, 401);
    const bad = await post([HEADER, 'Baker,Q1,Mayor,,,Ada,forty'].join('\n'), 'filename=bad.csv');
    assert.equal(bad.status, 422);
    const body = (await bad.json()) as {
      error: { details: { errors: { file: string; line: number | null }[] } };
    };
    const [first] = body.error.details.errors;
    assert.ok(first);
    assert.equal(first.file, 'bad.csv');
    assert.equal(first.line, 2);
    assert.equal((await post('x', 'format=pdf')).status, 400);
    assert.equal(
      (await app.request('/api/elections/town-2026/recounts/999/comparison')).status,
      404,
    );
    assert.equal((await app.request('/api/elections/nowhere/recounts')).status, 404);
  });

  it('is described in the OpenAPI document', async () => {
    const document = (await (await app.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    assert.ok(document.paths['/api/elections/{id}/contests/{contestId}/recounts']?.['post']);
    assert.ok(document.paths['/api/elections/{id}/recounts/{recountId}/comparison']?.['get']);
  });
});
