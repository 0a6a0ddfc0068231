import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { buildDefinition, countBatch } from '@canvass/core/testing';
import { LiveResults } from '../live/live-results.ts';
import type { SqliteStore } from '../store/sqlite-store.ts';
import { temporaryStore } from '../testing/fixture-store.ts';
import type { AuditView } from '../audit/audit-state.ts';
import type { RoundEntryRow } from '../audit/audit-workflow.ts';
import { createApp } from './app.ts';

// A batch-comparison (MACRO) audit and a CVR report import through the HTTP API.
const TOKEN = 'audit-methods-token';
const definition = buildDefinition({
  counties: { Adams: ['P1'], Baker: ['Q1'] },
  contests: [{ name: 'Mayor', choices: ['Ada', 'Ben'] }],
});

let store: SqliteStore;
let dispose: () => Promise<void>;
let app: ReturnType<typeof createApp>;

before(async () => {
  ({ store, dispose } = await temporaryStore());
  await store.defineElection(definition);
  const specs = [
    { unit: 'adams/p1', contest: 'Mayor', target: 'Ada', value: 360 },
    { unit: 'baker/q1', contest: 'Mayor', target: 'Ben', value: 240 },
  ];
  const outcome = await store.writeSubmission(
    {
      electionId: definition.id,
      format: 'fixture',
      sourceName: 'c',
      submittedBy: 't',
      options: {},
    },
    async (sink) => {
      await sink.counts(countBatch(definition, specs));
      return {
        errors: [],
        errorCount: 0,
        warnings: [],
        definition,
        sha256: 'c',
        byteSize: 1,
        rows: 2,
        counts: 2,
      };
    },
  );
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
  token: string | null = TOKEN,
): Promise<{ status: number; body: T }> {
  const response = await app.request(path, {
    method,
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': type }),
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
}

describe('batch-comparison audits through the API', () => {
  it('imports batch tallies, draws batches, takes hand tallies and lists what was recorded', async () => {
    const created = await call<AuditView>('POST', `/api/elections/${definition.id}/audits`, {
      name: 'Batches',
      riskLimit: 10,
      method: 'macro',
      contests: ['mayor'],
    });
    assert.equal(created.status, 201);
    const id = created.body.audit.id;
    const manifest = ['county,tabulator,batch,ballots'];
    const tallies = ['county,tabulator,batch,contest,choice,votes'];
    for (let b = 1; b <= 12; b++) {
      const county = b <= 6 ? 'Adams' : 'Baker';
      manifest.push(`${county},,B${String(b)},60`);
      tallies.push(
        `${county},,B${String(b)},mayor,ada,30`,
        `${county},,B${String(b)},mayor,ben,20`,
      );
    }
    await call('POST', `/api/audits/${id}/manifest`, manifest.join('\n'), 'text/csv');
    // Writes need the audit permission.
    const anonymous = await call<{ error: { code: string } }>(
      'POST',
      `/api/audits/${id}/batch-tallies`,
      tallies.join('\n'),
      'text/csv',
      null,
    );
    assert.equal(anonymous.status, 401);
    const imported = await call<AuditView>(
      'POST',
      `/api/audits/${id}/batch-tallies`,
      tallies.join('\n'),
      'text/csv',
    );
    assert.equal(imported.status, 200, JSON.stringify(imported.body));
    assert.equal(imported.body.batchTallies, 12);
    await call('POST', `/api/audits/${id}/seed`, { seed: '12121212343434345656' });
    const drawn = await call<AuditView>('POST', `/api/audits/${id}/rounds`, { option: 'macro' });
    assert.equal(drawn.status, 201);
    const list = await call<RoundEntryRow[]>(
      'GET',
      `/api/audits/${id}/rounds/1/ballots?county=Adams`,
    );
    const baker = await call<RoundEntryRow[]>(
      'GET',
      `/api/audits/${id}/rounds/1/ballots?county=Baker`,
    );
    const rows = [...list.body, ...baker.body];
    assert.ok(rows.length > 0 && rows.every((r) => r.position === 0 && r.tally === null));
    const bad = await call<{ error: { code: string } }>('POST', `/api/audits/${id}/batch-entries`, {
      entries: [{ batch: { county: 'Adams', batch: 'B1' }, votes: { mayor: { ada: 1.5 } } }],
    });
    assert.equal(bad.status, 400);
    const [first] = rows;
    assert.ok(first !== undefined);
    await call<AuditView>('POST', `/api/audits/${id}/batch-entries`, {
      entries: [{ batch: { batchKey: first.ballotKey }, votes: { mayor: { ada: 30, ben: 20 } } }],
    });
    const after = await call<RoundEntryRow[]>(
      'GET',
      `/api/audits/${id}/rounds/1/ballots?county=${first.county}`,
    );
    assert.deepEqual(after.body.find((r) => r.ballotKey === first.ballotKey)?.tally, {
      mayor: { ada: 30, ben: 20 },
    });
    const html = await app.request(
      `/api/audits/${id}/rounds/1/retrieval?county=${first.county}&format=html`,
    );
    assert.match(await html.text(), /whole batch/);
  });

  it('a ballot-comparison audit takes a NIST SP 1500-103 report and refuses a bad one with paths', async () => {
    const created = await call<AuditView>('POST', `/api/elections/${definition.id}/audits`, {
      name: 'CVRs',
      riskLimit: 10,
      method: 'supersimple',
      contests: ['mayor'],
    });
    const id = created.body.audit.id;
    await call(
      'POST',
      `/api/audits/${id}/manifest`,
      'county,tabulator,batch,ballots\nAdams,,B1,600\n',
      'text/csv',
    );
    const report = (choice: string) =>
      JSON.stringify({
        Election: [
          {
            '@id': 'e',
            Contest: [
              {
                '@id': 'm',
                Name: 'Mayor',
                ContestSelection: [
                  { '@id': 'a', Selection: 'Ada' },
                  { '@id': 'b', Selection: 'Ben' },
                ],
              },
            ],
          },
        ],
        CVR: Array.from({ length: 600 }, (_, i) => ({
          BatchId: 'B1',
          BatchSequenceId: i + 1,
          CVRSnapshot: [
            {
              CVRContest: [
                {
                  ContestId: 'm',
                  CVRContestSelection: [
                    {
                      ContestSelectionId: i < 360 ? 'a' : choice,
                      SelectionPosition: [{ HasIndication: 'yes', NumberVotes: 1 }],
                    },
                  ],
                },
              ],
            },
          ],
        })),
      });
    const refused = await call<{
      error: { code: string; details: { problems: { path: string }[] } };
    }>('POST', `/api/audits/${id}/cvrs`, report('x'));
    assert.equal(refused.status, 422);
    assert.equal(refused.body.error.details.problems.length, 100, 'problems are capped at 100');
    assert.equal(
      refused.body.error.details.problems[0]?.path,
      'CVR[360].CVRSnapshot[0].CVRContest[0].CVRContestSelection[0].ContestSelectionId',
    );
    const imported = await call<AuditView>('POST', `/api/audits/${id}/cvrs`, report('b'));
    assert.equal(imported.status, 200);
    assert.equal(imported.body.cvrs, 600);
  });

  it('an ALPHA audit takes its estimator and required shares through the create schema', async () => {
    const path = `/api/elections/${definition.id}/audits`;
    const base = { name: 'Shares', riskLimit: 10, method: 'alpha-polling', contests: ['mayor'] };
    const unknown = await call<{ error: { code: string } }>('POST', path, {
      ...base,
      estimator: { kind: 'kelly' },
    });
    assert.equal(unknown.status, 400);
    const extra = await call<{ error: { code: string } }>('POST', path, {
      ...base,
      estimator: { kind: 'fixed', eta: 0.6, d: 3 },
    });
    assert.equal(extra.status, 400);
    // Ada's 360 of 600 is exactly 3/5, not more: refused.
    const short = await call<{ error: { message: string } }>('POST', path, {
      ...base,
      supermajority: { mayor: '3/5' },
    });
    assert.equal(short.status, 422);
    assert.match(short.body.error.message, /not more than 3\/5/);
    const created = await call<AuditView>('POST', path, {
      ...base,
      estimator: { kind: 'shrink-trunc', eta0: 0.55 },
      supermajority: { mayor: { numerator: 11, denominator: 20 } },
    });
    assert.equal(created.status, 201);
    assert.deepEqual(created.body.audit.alpha, {
      estimator: { kind: 'shrink-trunc', d: 100, eta0: 0.55 },
      supermajority: { mayor: { numerator: 11, denominator: 20 } },
    });
  });

  it('the OpenAPI document lists the audit paths', async () => {
    const document = (await (await app.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    for (const [path, method] of [
      ['/api/elections/{id}/audits', 'post'],
      ['/api/audits/{auditId}/cvrs', 'post'],
      ['/api/audits/{auditId}/batch-tallies', 'post'],
      ['/api/audits/{auditId}/batch-entries', 'post'],
      ['/api/audits/{auditId}/rounds/{round}/ballots', 'get'],
      ['/api/audits/{auditId}/entries', 'post'],
    ] as const)
      assert.ok(document.paths[path]?.[method] !== undefined, `${method} ${path}`);
  });
});
