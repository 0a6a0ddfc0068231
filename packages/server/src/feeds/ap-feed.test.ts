import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { buildDefinition } from '@canvass/core/testing';
import { createApp } from '../http/app.ts';
import { LiveResults } from '../live/live-results.ts';
import type { SqliteStore } from '../store/sqlite-store.ts';
import { submitCounts, temporaryStore } from '../testing/fixture-store.ts';
import { apFeed, type ApFeedDocument } from './ap-feed.ts';

const definition = buildDefinition({
  counties: { Adams: ['P1', 'P2', 'ABSENTEE'], Baker: ['Q1'] },
  contests: [
    {
      name: 'Governor',
      choices: ['Ada Alvarez', 'Ben Brook Jr.', 'Write-ins*'],
      lines: { 'Ada Alvarez': ['Democratic'], 'Ben Brook Jr.': ['REP'] },
    },
    { name: 'Sheriff', choices: ['Sam Solo'] },
  ],
});
// The invented example of an AP Elections API response, from the format notes.
const example = JSON.parse(
  readFileSync(new URL('../../test-data/ap-elections-min.json', import.meta.url), 'utf8'),
) as { races: Record<string, unknown>[] };

let store: SqliteStore;
let dispose: () => Promise<void>;
let live: LiveResults;
let app: ReturnType<typeof createApp>;

async function feed(
  query = '',
): Promise<{ status: number; etag: string | null; body: ApFeedDocument }> {
  const response = await app.request(`/api/feeds/ap/test-election${query}`);
  return {
    status: response.status,
    etag: response.headers.get('etag'),
    body: (response.status === 200 ? await response.json() : null) as ApFeedDocument,
  };
}

before(async () => {
  ({ store, dispose } = await temporaryStore());
  await store.defineElection(definition);
  await submitCounts(store, definition, [
    { unit: 'adams/p1', contest: 'Governor', target: 'Ada Alvarez', value: 120 },
    { unit: 'adams/p1', contest: 'Governor', target: 'Ben Brook Jr.', value: 80 },
    { unit: 'adams/p1', contest: 'Sheriff', target: 'Sam Solo', value: 150 },
  ]);
  await submitCounts(store, definition, [
    { unit: 'baker/q1', contest: 'Governor', target: 'Ada Alvarez', value: 10 },
    { unit: 'baker/q1', contest: 'Governor', target: 'Ben Brook Jr.', value: 31 },
  ]);
  live = await LiveResults.load(store);
  app = createApp({
    store,
    live,
    logger: pino({ level: 'silent' }),
    adminToken: null,
    accounts: null,
  });
});
after(async () => {
  await dispose();
});

describe('AP-style feed', () => {
  it('has the fields AP clients read, with exact counts per state and county', async () => {
    const { status, body } = await feed();
    assert.equal(status, 200);
    assert.equal(body.electionDate, '2026-11-03');
    assert.equal(body.version, 2);
    const governor = body.races.find((race) => race.raceID === 'governor');
    assert.ok(governor !== undefined);
    assert.equal(governor.officeID, 'G');
    assert.equal(governor.raceTypeID, 'G');
    assert.equal(governor.uncontested, false);
    assert.equal(governor.raceCallStatus, 'Not Called');
    assert.equal(governor.tabulationStatus, 'Active Tabulation');
    const [state, adams, baker] = governor.reportingUnits;
    assert.equal(state?.level, 'state');
    assert.equal(state.statePostal, 'XX');
    assert.deepEqual(
      state.candidates.map((candidate) => [candidate.first, candidate.last, candidate.voteCount]),
      [
        ['Ada', 'Alvarez', 130],
        ['Ben', 'Brook Jr.', 111],
        ['', 'Write-ins', 0],
      ],
    );
    assert.equal(
      state.candidates.some((candidate) => candidate.winner !== undefined),
      false,
    );
    // Two of three precincts (the absentee pseudo-precinct is not a precinct).
    assert.equal(state.precinctsReporting, 2);
    assert.equal(state.precinctsTotal, 3);
    assert.equal(state.precinctsReportingPct, 66.67);
    assert.deepEqual(
      [
        adams?.level,
        adams?.reportingunitName,
        adams?.precinctsReportingPct,
        baker?.precinctsReportingPct,
      ],
      ['county', 'Adams', 50, 100],
    );
    assert.equal(baker?.candidates[1]?.voteCount, 31);
  });

  it('uses the field names of an AP Elections API response', async () => {
    const { body } = await feed();
    const exampleRace = example.races[0] ?? {};
    const exampleUnit = (exampleRace['reportingUnits'] as Record<string, unknown>[])[0] ?? {};
    const exampleCandidate = (exampleUnit['candidates'] as Record<string, unknown>[])[0] ?? {};
    const race = body.races[0] as unknown as Record<string, unknown>;
    const unit = body.races[0]?.reportingUnits[0] as unknown as Record<string, unknown>;
    const candidate = body.races[0]?.reportingUnits[0]?.candidates[0] as unknown as Record<
      string,
      unknown
    >;
    // eevp, winner and incumbent appear only when known.
    const optional = new Set(['eevp', 'winner', 'incumbent']);
    for (const [ours, theirs] of [
      [race, exampleRace],
      [unit, exampleUnit],
      [candidate, exampleCandidate],
    ] as const) {
      for (const key of Object.keys(theirs)) {
        if (optional.has(key)) continue;
        assert.ok(key in ours, `missing ${key}`);
        assert.equal(typeof ours[key], typeof theirs[key], `type of ${key}`);
      }
    }
  });

  it('flags an uncontested race as won, and a call as winner X with its time', () => {
    const election = live.election('test-election');
    assert.ok(election !== undefined);
    const options = { since: null, level: 'state' as const, raceIds: null, url: '/f' };
    const plain = apFeed(election, options);
    const sheriff = plain.races.find((race) => race.raceID === 'sheriff');
    assert.equal(sheriff?.raceCallStatus, 'Uncontested');
    assert.equal(sheriff.reportingUnits[0]?.candidates[0]?.winner, 'X');
    const called = apFeed(election, options, {
      call: (_, contestId) =>
        contestId === 'governor'
          ? { winners: ['ada-alvarez'], calledAt: '2026-11-04T03:00:00Z' }
          : null,
      expectedVotes: (_, contestId, unitId) =>
        contestId === 'governor' && unitId === null ? 300 : null,
    });
    const governor = called.races.find((race) => race.raceID === 'governor');
    assert.equal(governor?.raceCallStatus, 'Called');
    const [ada, ben] = governor.reportingUnits[0]?.candidates ?? [];
    assert.deepEqual(
      [ada?.winner, ada?.winnerDateTime, ben?.winner],
      ['X', '2026-11-04T03:00:00Z', undefined],
    );
    // 241 of an expected 300 votes.
    assert.equal(governor.eevp, 80.33);
    assert.equal(governor.reportingUnits[0]?.eevp, 80.33);
  });

  it('follows nextrequest to only what changed, and answers 304 to a known ETag', async () => {
    const full = await feed();
    assert.match(full.body.nextrequest, /\/api\/feeds\/ap\/test-election\?since=2$/);
    const sinceOne = await feed('?since=1');
    assert.deepEqual(
      sinceOne.body.races.map((race) => race.raceID),
      ['governor'],
    );
    const next = new URL(full.body.nextrequest);
    const nothing = await feed(next.search);
    assert.deepEqual(nothing.body.races, []);
    assert.notEqual(nothing.etag, full.etag);
    const again = await app.request('/api/feeds/ap/test-election', {
      headers: { 'if-none-match': full.etag ?? '' },
    });
    assert.equal(again.status, 304);
    const state = await feed('?level=state&raceID=sheriff');
    assert.deepEqual(
      state.body.races.map((race) => [race.raceID, race.reportingUnits.length]),
      [['sheriff', 1]],
    );
    assert.match(state.body.nextrequest, /since=2&level=state&raceID=sheriff$/);
  });

  it('turns minDateTime into the versions after it', async () => {
    const election = live.election('test-election');
    const firstAt = election?.events[0]?.at ?? '';
    const after = await feed(`?minDateTime=${encodeURIComponent(firstAt)}`);
    assert.deepEqual(
      after.body.races.map((race) => race.raceID),
      ['governor'],
    );
  });

  it('refuses bad parameters with the reason, and unknown elections with 404', async () => {
    for (const [query, reason] of [
      ['?since=-1', /since takes a version number/],
      ['?level=precinct', /level takes state or ru/],
      ['?minDateTime=yesterday', /minDateTime takes an ISO 8601 time/],
    ] as const) {
      const response = await app.request(`/api/feeds/ap/test-election${query}`);
      assert.equal(response.status, 400);
      assert.match(
        ((await response.json()) as { error: { message: string } }).error.message,
        reason,
      );
    }
    assert.equal((await app.request('/api/feeds/ap/nope')).status, 404);
  });

  it('is described in the OpenAPI document', async () => {
    const document = (await (await app.request('/api/openapi.json')).json()) as {
      paths: Record<string, { get?: { parameters?: { name: string }[] } }>;
    };
    const feedPath = document.paths['/api/feeds/ap/{electionId}'];
    assert.deepEqual(
      feedPath?.get?.parameters?.map((parameter) => parameter.name),
      ['electionId', 'since', 'minDateTime', 'level', 'raceID'],
    );
    assert.ok('/api/webhooks' in document.paths);
    assert.ok('/api/elections/{id}/versions/{version}' in document.paths);
  });
});
