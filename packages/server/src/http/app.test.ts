import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { buildDefinition } from '@canvass/core/testing';
import { Accounts } from '../auth/accounts.ts';
import { LiveResults } from '../live/live-results.ts';
import { submitCounts, temporaryStore } from '../testing/fixture-store.ts';
import type { SqliteStore } from '../store/sqlite-store.ts';
import { createApp } from './app.ts';
import { ResultsDocumentSchema } from './schemas.ts';

const definition = buildDefinition({
  counties: { Adams: ['P1', 'P2', 'ABSENTEE'], Baker: ['Q1'] },
  contests: [{ name: 'Mayor', choices: ['Ada', 'Ben'] }],
});
const TOKEN = 'test-admin-token';
let store: SqliteStore;
let dispose: () => Promise<void>;
let app: ReturnType<typeof createApp>;
let live: LiveResults;

before(async () => {
  ({ store, dispose } = await temporaryStore());
  await store.defineElection(definition);
  await submitCounts(store, definition, [
    { unit: 'adams/p1', contest: 'Mayor', target: 'Ada', value: 120 },
    { unit: 'adams/p1', contest: 'Mayor', target: 'Ben', value: 80 },
    { unit: 'baker/q1', contest: 'Mayor', target: 'Ben', value: 30 },
  ]);
  live = await LiveResults.load(store);
  app = createApp({
    store,
    live,
    logger: pino({ level: 'silent' }),
    adminToken: TOKEN,
    accounts: new Accounts(store.database),
  });
});
after(async () => {
  await dispose();
});

describe('HTTP API', () => {
  it('lists elections with their version', async () => {
    const response = await app.request('/api/elections');
    assert.equal(response.status, 200);
    const body = (await response.json()) as { id: string; version: number }[];
    assert.deepEqual(
      body.map((election) => [election.id, election.version]),
      [['test-election', 1]],
    );
  });

  it('serves results that match the published schema, with an ETag that yields 304', async () => {
    const response = await app.request('/api/elections/test-election/results');
    assert.equal(response.status, 200);
    const document = ResultsDocumentSchema.parse(await response.json());
    assert.equal(document.contests[0]?.leader, 'Ada');
    assert.equal(document.contests[0].precinctsReporting, 2);
    assert.equal(document.contests[0].precinctsTotal, 3);
    assert.equal(document.status, 'unofficial');
    const etag = response.headers.get('etag');
    assert.ok(etag !== null);
    assert.match(response.headers.get('cache-control') ?? '', /max-age=\d+/);
    const again = await app.request('/api/elections/test-election/results', {
      headers: { 'if-none-match': etag },
    });
    assert.equal(again.status, 304);
  });

  it('serves one contest with per-county results and one county with per-precinct results', async () => {
    const contest = (await (
      await app.request('/api/elections/test-election/contests/mayor')
    ).json()) as {
      contests: { counties: { unitName: string; choices: { votes: number }[] }[] }[];
    };
    assert.deepEqual(
      contest.contests[0]?.counties.map((county) => [
        county.unitName,
        county.choices.map((choice) => choice.votes),
      ]),
      [
        ['Adams', [120, 80]],
        ['Baker', [0, 30]],
      ],
    );
    const county = (await (
      await app.request('/api/elections/test-election/contests/mayor/counties/adams')
    ).json()) as {
      precincts: { unitName: string; pseudo: boolean }[];
    };
    assert.deepEqual(
      county.precincts.map((precinct) => [precinct.unitName, precinct.pseudo]),
      [
        ['P1', false],
        ['P2', false],
        ['ABSENTEE', true],
      ],
    );
  });

  it('answers unknown things with the one error shape and a closed code', async () => {
    for (const path of [
      '/api/elections/nope/results',
      '/api/elections/test-election/contests/nope',
      '/api/nothing',
    ]) {
      const response = await app.request(path);
      assert.equal(response.status, 404);
      const body = (await response.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'not-found');
      assert.ok(body.error.message.length > 0);
    }
  });

  it('refuses writes without the admin token and stores nothing', async () => {
    const response = await app.request('/api/elections/test-election/submissions', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: 'county,precinct,office,district,party,candidate,votes\nAdams,P2,Mayor,,,Ada,5\n',
    });
    assert.equal(response.status, 401);
    assert.equal(
      ((await response.json()) as { error: { code: string } }).error.code,
      'unauthorized',
    );
    assert.equal((await store.listSubmissions('test-election')).length, 1);
  });

  it('refuses a definition that would drop a unit, and accepts one that adds', async () => {
    const smaller = {
      ...definition,
      units: definition.units.filter((unit) => unit.id !== 'baker/q1'),
    };
    const refused = await app.request('/api/elections/test-election/definition', {
      method: 'PUT',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(smaller),
    });
    assert.equal(refused.status, 409);
    const bigger = buildDefinition({
      counties: { Adams: ['P1', 'P2', 'ABSENTEE'], Baker: ['Q1', 'Q2'] },
      contests: [{ name: 'Mayor', choices: ['Ada', 'Ben'] }],
    });
    const accepted = await app.request('/api/elections/test-election/definition', {
      method: 'PUT',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(bigger),
    });
    assert.equal(accepted.status, 200);
    const results = (await (await app.request('/api/elections/test-election/results')).json()) as {
      contests: { precinctsTotal: number; choices: { votes: number }[] }[];
    };
    assert.equal(results.contests[0]?.precinctsTotal, 4);
    assert.deepEqual(
      results.contests[0].choices.map((choice) => choice.votes),
      [120, 110],
    );
  });

  it('publishes an OpenAPI document generated from the schemas', async () => {
    const document = (await (await app.request('/api/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, { type?: string }> };
    };
    assert.equal(document.openapi, '3.1.0');
    assert.ok('/api/elections/{id}/results' in document.paths);
    assert.equal(document.components.schemas['ResultsDocument']?.type, 'object');
  });

  it('sets security headers on every response', async () => {
    const response = await app.request('/api/elections');
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
  });
});
